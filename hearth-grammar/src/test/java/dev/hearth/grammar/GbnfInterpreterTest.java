package dev.hearth.grammar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The test interpreter is itself checked, since every property test trusts it. */
class GbnfInterpreterTest {
    private static final String AGES = """
            # from llama.cpp's grammar guide, reformatted
            root ::= "[" item ("," item){1,3} "]"
            item ::= "{\\"age\\":" age "}"
            age ::= ([0-9] | ([1-8] [0-9] | [9] [0-9]) | "1" ([0-4] [0-9] | [5] "0"))
            """;

    @Test
    void itRecognisesExactlyTheLanguageOfAHandWrittenGrammar() {
        GbnfInterpreter g = GbnfInterpreter.parse(AGES);
        assertThat(g.accepts("[{\"age\":0},{\"age\":150}]")).isTrue();
        assertThat(g.accepts("[{\"age\":99},{\"age\":5},{\"age\":12},{\"age\":149}]")).isTrue();
        assertThat(g.accepts("[{\"age\":151},{\"age\":1}]")).isFalse();
        assertThat(g.accepts("[{\"age\":1}]")).isFalse();
        assertThat(g.accepts("[{\"age\":1},{\"age\":1},{\"age\":1},{\"age\":1},{\"age\":1}]")).isFalse();
        assertThat(g.accepts("[{\"age\":01},{\"age\":1}]")).isFalse();
    }

    @Test
    void itsRandomStringsBelongToTheLanguage() {
        GbnfInterpreter g = GbnfInterpreter.parse(AGES);
        Random random = new Random(1);
        for (int i = 0; i < 200; i++) {
            String s = g.generate(random, 10);
            assertThat(s).matches("\\[\\{\"age\":(0|[1-9][0-9]?|1[0-4][0-9]|150)\\}(,\\{\"age\":(0|[1-9][0-9]?|1[0-4][0-9]|150)\\}){1,3}]");
        }
    }

    @Test
    void escapesNegatedClassesAndAnyCharacterParseAsLlamaCppReadsThem() {
        GbnfInterpreter g = GbnfInterpreter.parse("root ::= \"\\x41\\u00e9\\U0001F600\\\"\\\\\" [^\\x00-\\x1F\\x22] . [\\]\\[]\n");
        assertThat(g.accepts("A\u00e9\ud83d\ude00\"\\a\n]")).isTrue();
        assertThat(g.accepts("A\u00e9\ud83d\ude00\"\\\"\n]")).isFalse();
        assertThat(g.accepts("A\u00e9\ud83d\ude00\"\\\u0001x[")).isFalse();
    }

    @Test
    void itRefusesGrammarsLlamaCppRefuses() {
        assertThatThrownBy(() -> GbnfInterpreter.parse("root ::= a\n")).hasMessageContaining("undefined rule a");
        assertThatThrownBy(() -> GbnfInterpreter.parse("root ::= (\"a\" [b]{0,5}){0,400}\n"))
                .hasMessageContaining("llama.cpp refuses");
        assertThatThrownBy(() -> GbnfInterpreter.parse("root ::= [a]{2001}\n")).hasMessageContaining("llama.cpp refuses");
        assertThat(GbnfInterpreter.parse("root ::= x{0,1999}\nx ::= \"a\" [b]{0,5}\n").accepts("abbab")).isTrue();
    }
}
