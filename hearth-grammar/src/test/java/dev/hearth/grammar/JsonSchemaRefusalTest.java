package dev.hearth.grammar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class JsonSchemaRefusalTest {
    record Unsupported(String schema, String keyword, String pointer) {
        @Override
        public String toString() {
            return keyword + " at " + pointer;
        }
    }

    static List<Unsupported> unsupported() {
        return List.of(
                new Unsupported("{\"type\":\"object\",\"properties\":{\"tags\":{\"type\":\"object\",\"patternProperties\":{\"^x\":{}}}}}",
                        "patternProperties", "/properties/tags"),
                new Unsupported("{\"type\":\"integer\",\"multipleOf\":5}", "multipleOf", ""),
                new Unsupported("{\"not\":{\"type\":\"string\"}}", "not", ""),
                new Unsupported("{\"if\":{\"type\":\"string\"},\"then\":{\"minLength\":2}}", "if", ""),
                new Unsupported("{\"type\":\"array\",\"items\":{\"type\":\"integer\"},\"uniqueItems\":true}", "uniqueItems", ""),
                new Unsupported("{\"type\":\"object\",\"minProperties\":1}", "minProperties", ""),
                new Unsupported("{\"type\":\"array\",\"contains\":{\"const\":1}}", "contains", ""),
                new Unsupported("{\"type\":\"object\",\"propertyNames\":{\"maxLength\":3}}", "propertyNames", ""),
                new Unsupported("{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\",\"nullable\":true}}}", "nullable", "/properties/a"),
                new Unsupported("{\"type\":\"string\",\"format\":\"email\"}", "format", ""),
                new Unsupported("{\"$ref\":\"https://example.com/schema.json\"}", "$ref", ""),
                new Unsupported("{\"$ref\":\"#anchor\"}", "$ref", ""),
                new Unsupported("{\"oneOf\":[{\"type\":\"string\"},{\"type\":\"string\",\"maxLength\":3}]}", "oneOf", ""),
                new Unsupported("{\"oneOf\":[{\"type\":\"number\"},{\"type\":\"integer\"}]}", "oneOf", ""),
                // without a type, {"maxLength": 0} accepts every number too
                new Unsupported("{\"oneOf\":[{\"exclusiveMaximum\":-13},{\"maxLength\":0}]}", "oneOf", ""),
                new Unsupported("{\"type\":\"object\",\"properties\":{\"p\":{\"type\":\"string\",\"pattern\":\"(?=a)\\\\w+\"}}}", "pattern", "/properties/p"),
                new Unsupported("{\"type\":\"string\",\"pattern\":\"^a+$\",\"minLength\":3}", "minLength", ""),
                new Unsupported("{\"type\":\"string\",\"enum\":[\"a\",\"bb\"],\"minLength\":2}", "minLength", ""),
                new Unsupported("{\"allOf\":[{\"type\":\"array\",\"items\":{\"type\":\"string\"}},{\"items\":{\"type\":\"integer\"}}]}", "allOf", ""),
                new Unsupported("{\"allOf\":[{\"properties\":{\"a\":{}},\"additionalProperties\":false},{\"properties\":{\"b\":{}}}]}", "allOf", ""),
                new Unsupported("{\"type\":\"array\",\"items\":{\"$defs\":{},\"unevaluatedProperties\":false}}", "unevaluatedProperties", "/items"),
                new Unsupported("{\"$defs\":{\"a\":{\"type\":\"string\",\"dependentRequired\":{}}},\"$ref\":\"#/$defs/a\"}", "dependentRequired", "/$defs/a"),
                new Unsupported("{\"type\":\"string\",\"minLength\":5000}", "minLength", ""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unsupported")
    void anUnsupportedKeywordIsRefusedByNameAndPlace(Unsupported u) {
        UnsupportedSchemaException e = catchThrowableOfType(UnsupportedSchemaException.class,
                () -> JsonSchemaGrammar.fromSchema(Outputs.json(u.schema())));
        assertThat(e).as("refused: %s", u.schema()).isNotNull();
        assertThat(e.keyword()).isEqualTo(u.keyword());
        assertThat(e.pointer()).isEqualTo(u.pointer());
        assertThat(e.getMessage()).startsWith("JSON Schema keyword '" + u.keyword() + "' at "
                + (u.pointer().isEmpty() ? "/" : u.pointer()) + " is not supported");
        assertThat(e).isInstanceOf(GrammarException.class);
    }

    @Test
    void theMessageIsTheOneTheApiShows() {
        assertThatThrownBy(() -> JsonSchemaGrammar.fromSchema(Outputs.json(unsupported().getFirst().schema())))
                .hasMessageStartingWith("JSON Schema keyword 'patternProperties' at /properties/tags is not supported");
    }

    record Invalid(String schema, String problem) {
        @Override
        public String toString() {
            return problem;
        }
    }

    static List<Invalid> invalid() {
        return List.of(
                new Invalid("{\"type\":\"strin\"}", "unknown type 'strin'"),
                new Invalid("{\"type\":5}", "'type' must be"),
                new Invalid("{\"properties\":{\"a\":{\"$ref\":\"#/$defs/missing\"}}}", "resolves to nothing"),
                new Invalid("{\"type\":\"array\",\"minItems\":3,\"maxItems\":2}", "minItems is greater than maxItems"),
                new Invalid("{\"type\":\"string\",\"minLength\":3,\"maxLength\":2}", "minLength is greater than maxLength"),
                new Invalid("{\"type\":\"string\",\"maxLength\":-1}", "'maxLength' must be a non-negative integer"),
                new Invalid("{\"type\":\"object\",\"required\":\"a\"}", "'required' must be an array"),
                new Invalid("{\"type\":\"object\",\"properties\":[]}", "'properties' must be an object"),
                new Invalid("{\"enum\":[]}", "'enum' must be a non-empty array"),
                new Invalid("{\"type\":\"integer\",\"minimum\":5,\"maximum\":4}", "no integer lies between"),
                new Invalid("{\"type\":\"integer\",\"minimum\":\"1\"}", "'minimum' must be a number"),
                new Invalid("false", "the schema false admits no value"),
                new Invalid("42", "a schema must be an object or a boolean"),
                new Invalid("{\"type\":\"object\",\"properties\":{\"next\":{\"$ref\":\"#\"}},\"required\":[\"next\"]}", "no finite value"),
                new Invalid("{\"anyOf\":[{\"$ref\":\"#\"},{\"type\":\"null\"}]}", "refers to itself"),
                new Invalid("{\"type\":\"string\",\"pattern\":\"(\"}", "'pattern' is not a valid regular expression"),
                new Invalid("{\"type\":\"object\",\"additionalProperties\":false,\"required\":[\"x\"]}", "property 'x' is required"),
                new Invalid("{\"type\":\"integer\",\"enum\":[\"a\",1.5]}", "no value of its enum or const has its type"),
                new Invalid("{\"const\":1,\"enum\":[2,3]}", "its const is not one of its enum values"),
                new Invalid("{\"allOf\":[{\"type\":\"string\"},{\"type\":\"integer\"}]}", "no type in common"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void anInvalidSchemaIsRefusedSayingWhy(Invalid i) {
        assertThatThrownBy(() -> JsonSchemaGrammar.fromSchema(Outputs.json(i.schema())))
                .isInstanceOf(InvalidSchemaException.class)
                .hasMessageStartingWith("invalid JSON Schema at ")
                .hasMessageContaining(i.problem());
    }

    @Test
    void aMissingSchemaIsInvalid() {
        assertThatThrownBy(() -> JsonSchemaGrammar.fromSchema(null)).isInstanceOf(InvalidSchemaException.class);
    }

    @Test
    void annotationsAreIgnoredBecauseTheyConstrainNothing() {
        String schema = """
                {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": "https://example.com/x",
                 "title": "T", "description": "D", "default": 1, "examples": [1], "$comment": "c", "deprecated": false,
                 "readOnly": true, "writeOnly": false, "type": "integer", "minimum": 0, "maximum": 3}""";
        GbnfInterpreter grammar = GbnfInterpreter.parse(JsonSchemaGrammar.fromSchema(Outputs.json(schema)).text());
        assertThat(List.of("0", "1", "2", "3")).allMatch(grammar::accepts);
        assertThat(grammar.accepts("4")).isFalse();
    }
}
