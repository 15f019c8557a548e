package dev.hearth.grammar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class RegexGrammarTest {
    record Case(String regex, List<String> matching, List<String> notMatching) {
        @Override
        public String toString() {
            return "/" + regex + "/";
        }
    }

    static List<Case> cases() {
        return List.of(
                new Case("[a-z]+", List.of("a", "hello"), List.of("", "Hello", "a1")),
                new Case("\\d{3}-\\d{4}", List.of("555-1234"), List.of("55-1234", "555-12345", "abc-defg")),
                new Case("(foo|bar)+baz?", List.of("fooba", "barfoobaz"), List.of("baz", "foobazz")),
                new Case("^\\w+@\\w+\\.(com|net)$", List.of("a_1@b.com", "x@y.net"), List.of("a@b.org", "@b.com", "a@b.com\n")),
                new Case("[^abc]{2,5}", List.of("xy", "\u00e9\n!?z"), List.of("x", "ab", "xyzxyz")),
                new Case("a.b", List.of("a-b", "a\u00e9b"), List.of("a\nb", "ab", "a\rb")),
                new Case("\\s\\S\\W\\D", List.of(" x!a", "\tA b"), List.of("xx!a", " x1a", " xa1")),
                new Case("(?:ab){2,}c*?", List.of("abab", "abababccc"), List.of("ab", "ababd")),
                new Case("(?<year>\\d{4})-(0[1-9]|1[0-2])", List.of("2024-01", "1999-12"), List.of("2024-13", "2024-00")),
                new Case("[\\-+]?\\d+(\\.\\d+)?", List.of("-1", "+2.50", "7"), List.of("1.", "--1", ".5")),
                new Case("\\x41\\u00e9[\\t ]\\x{1F600}", List.of("A\u00e9\t\ud83d\ude00", "A\u00e9 \ud83d\ude00"), List.of("A\u00e9x\ud83d\ude00")),
                new Case("", List.of(""), List.of("a")),
                new Case("a|", List.of("a", ""), List.of("aa")),
                new Case("\\{\\}\\[\\]\\(\\)\\.\\*\\\\\\^\\$\\|\\?\\+", List.of("{}[]().*\\^$|?+"), List.of("{}[]().*\\^$|?")),
                new Case("[a-c-]x|^y$", List.of("-x", "bx", "y"), List.of("dx", "yx")),
                new Case("x{0,2}y{3}z{2,}", List.of("yyyzz", "xxyyyzzzz"), List.of("xxxyyyzz", "yyzz", "yyyz")),
                new Case("[0-9a-fA-F]{8}", List.of("deadBEEF"), List.of("deadbeeg", "dead")),
                new Case("\"[^\"\\\\]*\"", List.of("\"hi there\"", "\"\""), List.of("\"a\"b\"", "\"\\\"")),
                new Case("(yes|no|maybe)( (yes|no|maybe)){0,3}", List.of("yes", "no maybe yes no"), List.of("yes no maybe yes no", "yesno")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void everyRandomOutputOfTheGrammarMatchesTheWholeRegex(Case c) {
        Gbnf gbnf = RegexGrammar.fromRegex(c.regex());
        GbnfInterpreter grammar = GbnfInterpreter.parse(gbnf.text());
        Random random = new Random(c.regex().hashCode());
        for (int i = 0; i < 300; i++) {
            String out = grammar.generate(random, Outputs.DEPTH);
            assertThat(Pattern.matches(c.regex(), out)).as("output %s of\n%s", out, gbnf).isTrue();
            assertThat(grammar.accepts(out)).as("recognises its output %s", out).isTrue();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void theGrammarAcceptsMatchingStringsAndRejectsOthers(Case c) {
        GbnfInterpreter grammar = GbnfInterpreter.parse(RegexGrammar.fromRegex(c.regex()).text());
        for (String s : c.matching()) {
            assertThat(Pattern.matches(c.regex(), s)).as("%s matches (a check of the test itself)", s).isTrue();
            assertThat(grammar.accepts(s)).as("accepts %s", s).isTrue();
        }
        for (String s : c.notMatching()) {
            assertThat(Pattern.matches(c.regex(), s)).as("%s does not match (a check of the test itself)", s).isFalse();
            assertThat(grammar.accepts(s)).as("rejects %s", s).isFalse();
        }
    }

    @Test
    void largeCountsAreNarrowedToWhatLlamaCppExpands() {
        GbnfInterpreter grammar = GbnfInterpreter.parse(RegexGrammar.fromRegex("a{2,5000}").text());
        assertThat(grammar.accepts("a".repeat(1000))).isTrue();
        assertThat(grammar.accepts("a".repeat(1001))).isFalse();
        assertThatThrownBy(() -> RegexGrammar.fromRegex("a{1001}"))
                .isInstanceOf(InvalidRegexException.class).hasMessageContaining("repetition counts above 1000");
    }

    @Test
    void nestedCountedGroupsStayUnderLlamaCppsRepetitionLimit() {
        GbnfInterpreter grammar = GbnfInterpreter.parse(RegexGrammar.fromRegex("((a{0,999}b){0,999}c){2,999}").text());
        assertThat(grammar.accepts("aabbcbc")).isTrue();
        assertThat(grammar.accepts("aabbc")).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"(", "a{2,1}", "[z-a]", "*a", "a)"})
    void aRegexThatDoesNotCompileIsRefused(String regex) {
        assertThatThrownBy(() -> RegexGrammar.fromRegex(regex))
                .isInstanceOf(InvalidRegexException.class)
                .hasMessageStartingWith("invalid regular expression '" + regex + "'");
    }

    record Refusal(String regex, String construct) {
        @Override
        public String toString() {
            return regex + " uses " + construct;
        }
    }

    static List<Refusal> refusals() {
        return List.of(
                new Refusal("(a)\\1", "backreferences"),
                new Refusal("(?<n>a)\\k<n>", "backreferences"),
                new Refusal("(?=a)a", "lookahead"),
                new Refusal("a(?!b)", "lookahead"),
                new Refusal("(?<=a)b", "lookbehind"),
                new Refusal("(?<!a)b", "lookbehind"),
                new Refusal("(?>ab|a)b", "atomic groups"),
                new Refusal("a*+a", "possessive quantifiers"),
                new Refusal("(?i)abc", "inline flags"),
                new Refusal("\\bword\\b", "boundary matchers"),
                new Refusal("a^b", "anchors ^ and $ only at the start and the end"),
                new Refusal("(a$)b", "anchors ^ and $ only at the start and the end"),
                new Refusal("[a-z&&[^e]]", "nested classes and class intersections"),
                new Refusal("\\p{L}+", "the escape \\p"),
                new Refusal("\\Qa.b\\E", "the escape \\Q"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void constructsAGrammarCannotExpressAreRefusedByName(Refusal r) {
        assertThatThrownBy(() -> RegexGrammar.fromRegex(r.regex()))
                .isInstanceOf(InvalidRegexException.class)
                .isInstanceOf(GrammarException.class)
                .hasMessageContaining(r.construct());
    }
}
