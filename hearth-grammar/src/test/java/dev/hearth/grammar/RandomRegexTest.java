package dev.hearth.grammar;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Regexes built at random from the supported constructs: every random output of the grammar matches the regex, and
 * on random short texts the grammar accepts exactly what the regex matches.
 */
class RandomRegexTest {
    private static final List<String> ATOMS = List.of("a", "b", "\\d", "\\w", "\\s", "\\S", "\\W", "\\D", ".", "[a-c]",
            "[^a-c]", "[\\d_-]", "\\.", "\\\\", "\"", "\\x41", "\\u00e9", "[\\s\\S]", "\\t", "[^\\n]", "-", "[.]");
    private static final List<String> QUANTIFIERS = List.of("", "", "", "*", "+", "?", "{2}", "{0,3}", "{1,}", "*?", "{2,4}?");
    /** Groups take bounded quantifiers only: nested unbounded ones make java.util.regex backtrack for minutes. */
    private static final List<String> GROUP_QUANTIFIERS = List.of("", "", "?", "{2}", "{0,2}", "??");

    @Test
    void everyOutputOfARandomRegexGrammarMatchesTheRegex() {
        Random random = new Random(4242);
        for (int i = 0; i < 200; i++) {
            String regex = (random.nextInt(4) == 0 ? "^" : "") + alternation(random, 0) + (random.nextInt(4) == 0 ? "$" : "");
            Pattern.compile(regex);
            GbnfInterpreter grammar = GbnfInterpreter.parse(RegexGrammar.fromRegex(regex).text());
            Random sampler = new Random(i);
            for (int j = 0; j < 30; j++) {
                String out = grammar.generate(sampler, Outputs.DEPTH);
                assertThat(Pattern.matches(regex, out)).as("output %s of /%s/", out, regex).isTrue();
            }
            for (int j = 0; j < 30; j++) {
                String s = j % 2 == 0 ? randomText(sampler) : mutated(grammar.generate(sampler, Outputs.DEPTH), sampler);
                if (s.length() > 30) {
                    continue; // java.util.regex may backtrack for long on a near miss
                }
                boolean narrowed = s.codePoints().anyMatch(c -> !RegexTranslator.NON_SPACE.contains(c)
                        && !RegexTranslator.SPACE.contains(c));
                if (narrowed) {
                    // \S leaves out spaces of other dialects on purpose: only "accepted implies matches" holds
                    assertThat(!grammar.accepts(s) || Pattern.matches(regex, s)).as("/%s/ on %s", regex, s).isTrue();
                } else {
                    assertThat(grammar.accepts(s)).as("/%s/ on %s", regex, s).isEqualTo(Pattern.matches(regex, s));
                }
            }
        }
    }

    /** Short strings over an alphabet where the grammar's language equals the regex's (no narrowed \\S member). */
    private static String randomText(Random r) {
        String alphabet = "ab1A_-.\"\\\t \n\u00e9";
        StringBuilder out = new StringBuilder();
        int n = r.nextInt(6);
        for (int i = 0; i < n; i++) {
            out.append(alphabet.charAt(r.nextInt(alphabet.length())));
        }
        return out.toString();
    }

    /** An output with one character dropped, replaced or added: near the language's edge. */
    private static String mutated(String s, Random r) {
        int[] cps = s.codePoints().toArray();
        int at = r.nextInt(cps.length + 1);
        String c = randomText(r) + "a";
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < cps.length; i++) {
            if (i == at) {
                switch (r.nextInt(3)) {
                    case 0 -> { }
                    case 1 -> out.append(c.charAt(0));
                    default -> out.append(c.charAt(0)).appendCodePoint(cps[i]);
                }
            } else {
                out.appendCodePoint(cps[i]);
            }
        }
        if (at == cps.length) {
            out.append(c.charAt(0));
        }
        return out.toString();
    }

    private static String alternation(Random r, int depth) {
        StringBuilder out = new StringBuilder(sequence(r, depth));
        while (r.nextInt(4) == 0) {
            out.append('|').append(sequence(r, depth));
        }
        return out.toString();
    }

    private static String sequence(Random r, int depth) {
        StringBuilder out = new StringBuilder();
        int n = 1 + r.nextInt(4);
        for (int i = 0; i < n; i++) {
            if (depth < 2 && r.nextInt(5) == 0) {
                out.append(r.nextBoolean() ? "(" : "(?:").append(alternation(r, depth + 1)).append(')')
                        .append(GROUP_QUANTIFIERS.get(r.nextInt(GROUP_QUANTIFIERS.size())));
            } else {
                out.append(ATOMS.get(r.nextInt(ATOMS.size()))).append(QUANTIFIERS.get(r.nextInt(QUANTIFIERS.size())));
            }
        }
        return out.toString();
    }
}
