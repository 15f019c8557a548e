package dev.hearth.grammar;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class JsonSchemaGrammarTest {
    static List<SchemaCorpus.Entry> corpus() {
        return SchemaCorpus.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void everyRandomOutputOfTheGrammarIsJsonThatValidatesAgainstTheSchema(SchemaCorpus.Entry entry) {
        JsonNode schema = Outputs.json(entry.schema());
        List<String> outputs = Outputs.assertEveryOutputValidates(schema, 400, entry.name().hashCode());
        assertThat(outputs).hasSize(400);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void handWrittenValidInstancesAreAcceptedByTheGrammar(SchemaCorpus.Entry entry) {
        JsonNode schema = Outputs.json(entry.schema());
        for (String instance : entry.accepted()) {
            assertThat(Outputs.validates(schema, instance)).as("%s is valid (a check of the test itself)", instance).isTrue();
            assertThat(Outputs.accepts(schema, instance)).as("the grammar of %s accepts %s\n%s", entry.name(), instance,
                    JsonSchemaGrammar.fromSchema(schema)).isTrue();
        }
    }

    @Test
    void theGrammarRejectsInstancesThatDoNotValidate() {
        JsonNode weather = Outputs.json(SchemaCorpus.all().getFirst().schema());
        for (String invalid : List.of("{\"unit\":\"celsius\"}", "{\"location\":\"x\",\"unit\":\"kelvin\"}",
                "{\"location\":3}", "[]")) {
            assertThat(Outputs.accepts(weather, invalid)).as(invalid).isFalse();
        }
        GbnfInterpreter grammar = GbnfInterpreter.parse(JsonSchemaGrammar.fromSchema(weather).text());
        assertThat(grammar.accepts("{\"location\":\"x\"}")).isTrue();
        assertThat(grammar.accepts("{\"location\":\"x\"} ")).isFalse();
        assertThat(grammar.accepts("{\"location\":\"x\"")).isFalse();
    }

    @Test
    void outputsKeepNoWhitespaceBetweenTokens() {
        JsonNode weather = Outputs.json(SchemaCorpus.all().getFirst().schema());
        assertThat(Outputs.accepts(weather, "{\"location\":\"x\"}")).isTrue();
        GbnfInterpreter grammar = GbnfInterpreter.parse(JsonSchemaGrammar.fromSchema(weather).text());
        assertThat(grammar.accepts("{ \"location\":\"x\"}")).isFalse();
        assertThat(grammar.accepts("{\"location\" : \"x\"}")).isFalse();
    }

    @Test
    void requiredPropertiesComeInSchemaOrderAndOptionalOnesMayBeLeftOut() {
        JsonNode schema = Outputs.json("""
                {"type": "object", "properties": {"a": {"type": "null"}, "b": {"type": "null"}, "c": {"type": "null"}},
                 "required": ["c", "a"]}""");
        GbnfInterpreter grammar = GbnfInterpreter.parse(JsonSchemaGrammar.fromSchema(schema).text());
        assertThat(grammar.accepts("{\"a\":null,\"c\":null}")).isTrue();
        assertThat(grammar.accepts("{\"a\":null,\"b\":null,\"c\":null}")).isTrue();
        assertThat(grammar.accepts("{\"c\":null,\"a\":null}")).isFalse();
        assertThat(grammar.accepts("{\"a\":null}")).isFalse();
    }

    @Test
    void integerRangesAcceptExactlyTheirIntegers() {
        JsonNode schema = Outputs.json("{\"type\": \"integer\", \"minimum\": -37, \"maximum\": 1205}");
        GbnfInterpreter grammar = GbnfInterpreter.parse(JsonSchemaGrammar.fromSchema(schema).text());
        for (int i = -100; i <= 1300; i++) {
            assertThat(grammar.accepts(Integer.toString(i))).as("%d", i).isEqualTo(i >= -37 && i <= 1205);
        }
        assertThat(grammar.accepts("007")).isFalse();
        assertThat(grammar.accepts("-0")).isFalse();
    }

    @Test
    void integerRangesSpanningWholeLengthsSayOneToNDigitsOnceSoTheSamplerKeepsFewParseStacks() {
        for (String bounds : java.util.List.of("\"minimum\": 0", "\"minimum\": 100, \"maximum\": 99999", "\"minimum\": 5, \"maximum\": 123456")) {
            String text = JsonSchemaGrammar.fromSchema(Outputs.json("{\"type\": \"integer\", " + bounds + "}")).text();
            // One "[1-9]" branch for all the whole lengths, not one per length.
            assertThat(text.split("\\[1-9\\]", -1).length - 1).as(text).isEqualTo(1);
        }
        GbnfInterpreter unbounded = GbnfInterpreter.parse(JsonSchemaGrammar.fromSchema(
                Outputs.json("{\"type\": \"integer\", \"minimum\": 0}")).text());
        for (String yes : java.util.List.of("0", "7", "10", "905", "9999999999999999")) assertThat(unbounded.accepts(yes)).as(yes).isTrue();
        for (String no : java.util.List.of("00", "01", "-1", "")) assertThat(unbounded.accepts(no)).as(no).isFalse();
        GbnfInterpreter ranged = GbnfInterpreter.parse(JsonSchemaGrammar.fromSchema(
                Outputs.json("{\"type\": \"integer\", \"minimum\": 5, \"maximum\": 123456}")).text());
        for (int i = 0; i <= 200_000; i += (i < 2_000 ? 1 : 97)) {
            assertThat(ranged.accepts(Integer.toString(i))).as("%d", i).isEqualTo(i >= 5 && i <= 123456);
        }
        assertThat(ranged.accepts("123457")).isFalse();
        assertThat(ranged.accepts("123456")).isTrue();
    }

    @Test
    void anyJsonObjectGivesObjectsOnly() {
        GbnfInterpreter grammar = GbnfInterpreter.parse(JsonSchemaGrammar.anyJsonObject().text());
        java.util.Random random = new java.util.Random(7);
        for (int i = 0; i < 300; i++) {
            String out = grammar.generate(random, Outputs.DEPTH);
            assertThat(Outputs.json(out).isObject()).as(out).isTrue();
        }
        assertThat(grammar.accepts("{\"a\":[1,{\"b\":null}],\"c\":\"d\"}")).isTrue();
        assertThat(grammar.accepts("[1]")).isFalse();
        assertThat(grammar.accepts("\"x\"")).isFalse();
    }

    @Test
    void theGrammarTextIsAsciiWithOneRulePerLineAndRootFirst() {
        for (SchemaCorpus.Entry entry : SchemaCorpus.all()) {
            String text = JsonSchemaGrammar.fromSchema(Outputs.json(entry.schema())).text();
            assertThat(text).startsWith("root ::= ");
            assertThat(text.chars().allMatch(c -> c >= 0x20 && c < 0x7F || c == '\n')).as(text).isTrue();
            for (String line : text.split("\n")) {
                assertThat(line).matches("[A-Za-z0-9-]+ ::= .+");
            }
        }
    }

    @Test
    void largeBoundsStayUnderLlamaCppsRepetitionLimit() {
        JsonNode schema = Outputs.json("""
                {"type": "object", "properties": {
                  "a": {"type": "array", "items": {"type": "string", "maxLength": 1000}, "maxItems": 1000},
                  "b": {"type": "string", "maxLength": 1000}, "c": {"type": "string", "minLength": 999, "maxLength": 100000}}}""");
        GbnfInterpreter grammar = GbnfInterpreter.parse(JsonSchemaGrammar.fromSchema(schema).text());
        assertThat(grammar.accepts("{\"a\":[\"" + "x".repeat(1000) + "\",\"\"],\"b\":\"y\"}")).isTrue();
        assertThat(grammar.accepts("{\"a\":[\"" + "x".repeat(1001) + "\"]}")).isFalse();
        assertThat(grammar.accepts("{\"c\":\"" + "z".repeat(1000) + "\"}")).isTrue();
    }

    @Test
    void anIntegralEnumValueIsWrittenAsAnIntegerForDraft4() {
        JsonNode schema = Outputs.json("""
                {"$schema": "http://json-schema.org/draft-04/schema#", "type": "integer", "enum": [1.0, 2.5, 3]}""");
        List<String> outputs = Outputs.assertEveryOutputValidates(schema, 50, 3);
        assertThat(outputs).containsOnly("1", "3");
    }
}
