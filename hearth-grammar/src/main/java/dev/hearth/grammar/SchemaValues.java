package dev.hearth.grammar;

import com.fasterxml.jackson.databind.JsonNode;

/** Reading keyword values, refusing the ones of the wrong JSON type as an invalid schema. */
final class SchemaValues {
    private SchemaValues() {
    }

    /** A non-negative integer keyword ({@code minLength}, {@code maxItems}...), or null when absent. */
    static Integer count(JsonNode s, String keyword, String pointer) {
        JsonNode v = s.get(keyword);
        if (v == null) {
            return null;
        }
        if (!v.isNumber() || !Json.isIntegral(v) || v.decimalValue().signum() < 0) {
            throw new InvalidSchemaException(pointer, "'" + keyword + "' must be a non-negative integer");
        }
        return v.decimalValue().min(java.math.BigDecimal.valueOf(Integer.MAX_VALUE)).intValue();
    }
}
