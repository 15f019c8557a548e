package dev.hearth.grammar;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * JSON Schema to grammars whose every string is compact JSON that validates against the schema. What cannot be
 * guaranteed is refused with {@link UnsupportedSchemaException} naming the keyword; docs/structured-output.md lists
 * what is supported.
 */
public final class JsonSchemaGrammar {
    private JsonSchemaGrammar() {
    }

    /**
     * Throws {@link UnsupportedSchemaException} for what cannot be guaranteed and {@link InvalidSchemaException} for
     * a schema that is not valid or that no value satisfies.
     */
    public static Gbnf fromSchema(JsonNode schema) {
        if (schema == null || schema.isMissingNode() || schema.isNull()) {
            throw new InvalidSchemaException("", "a schema is required");
        }
        SchemaTranslator t = new SchemaTranslator(schema);
        Expr root = t.translate(schema, "");
        return t.toGbnf(root);
    }

    /** Any JSON object (OpenAI's {@code {"type": "json_object"}}), its values nested a few containers deep at most. */
    public static Gbnf anyJsonObject() {
        SchemaTranslator t = new SchemaTranslator(null);
        return t.toGbnf(t.freeObject());
    }
}
