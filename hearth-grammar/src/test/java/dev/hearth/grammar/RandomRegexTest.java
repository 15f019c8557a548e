package dev.hearth.grammar;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Regexes built at random from the supported constructs: every random output of the grammar matches the regex. */
class RandomRegexTest {
    private static final List<String> ATOMS = List.of("a", "b", "\\d", "\\w", "\\s", "\\S", "\\W", "\\D", ".", "[a-c]",
            "[^a-c]", "[\\d_-]", "\\.", "\\\\", "\"", "\\x41", "\\u00e9", "[\\s\\S]", "\\t", "[^\\n]", "-", "[.]");
    private static final List<String> QUANTIFIERS = List.of("", "", "", "*", "+", "?", "{2}", "{0,3}", "{1,}", "*?", "{2,4}?");

    @Test
    void everyOutputOfARandomRegexGrammarMatchesTheRegex() {
        Random random = new Random(4242);
        for (int i = 0; i < 300; i++) {
            String regex = (random.nextInt(4) == 0 ? "^" : "") + alternation(random, 0) + (random.nextInt(4) == 0 ? "$" : "");
            Pattern.compile(regex);
            GbnfInterpreter grammar = GbnfInterpreter.parse(RegexGrammar.fromRegex(regex).text());
            Random sampler = new Random(i);
            for (int j = 0; j < 40; j++) {
                String out = grammar.generate(sampler, Outputs.DEPTH);
                assertThat(Pattern.matches(regex, out)).as("output %s of /%s/", out, regex).isTrue();
            }
        }
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
            String atom = depth < 2 && r.nextInt(5) == 0
                    ? (r.nextBoolean() ? "(" : "(?:") + alternation(r, depth + 1) + ")"
                    : ATOMS.get(r.nextInt(ATOMS.size()));
            out.append(atom).append(QUANTIFIERS.get(r.nextInt(QUANTIFIERS.size())));
        }
        return out.toString();
    }
}
