package dev.hearth.grammar;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Set;

/**
 * The JSON Schema keywords this module knows. Every keyword of a schema is one of these or the schema is refused:
 * a keyword is never skipped silently, since skipping one could let through output that does not validate.
 */
final class Keywords {
    /** Annotations and containers: they never constrain a value, so ignoring them is exact. */
    static final Set<String> ANNOTATIONS = Set.of("title", "description", "default", "examples", "$schema", "$id",
            "$comment", "deprecated", "readOnly", "writeOnly", "$defs", "definitions");
    static final Set<String> OBJECT = Set.of("properties", "required", "additionalProperties");
    static final Set<String> ARRAY = Set.of("items", "prefixItems", "additionalItems", "minItems", "maxItems", "uniqueItems");
    static final Set<String> STRING = Set.of("minLength", "maxLength", "pattern", "format");
    static final Set<String> NUMBER = Set.of("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum");
    static final Set<String> GENERAL = Set.of("type", "enum", "const", "$ref", "allOf", "anyOf", "oneOf");

    /** Known keywords refused with a reason, because a grammar cannot guarantee them. */
    private static final Map<String, String> REFUSED = Map.ofEntries(
            Map.entry("multipleOf", "a grammar cannot restrict numbers to multiples"),
            Map.entry("not", "a grammar cannot exclude a language"),
            Map.entry("if", "conditional schemas cannot be guaranteed"),
            Map.entry("then", "conditional schemas cannot be guaranteed"),
            Map.entry("else", "conditional schemas cannot be guaranteed"),
            Map.entry("patternProperties", "property names cannot be tied to patterns"),
            Map.entry("propertyNames", "property names cannot be constrained"),
            Map.entry("minProperties", "the number of properties cannot be counted"),
            Map.entry("maxProperties", "the number of properties cannot be counted"),
            Map.entry("dependentRequired", "dependencies between properties cannot be guaranteed"),
            Map.entry("dependentSchemas", "dependencies between properties cannot be guaranteed"),
            Map.entry("dependencies", "dependencies between properties cannot be guaranteed"),
            Map.entry("contains", "a grammar cannot require some item to match"),
            Map.entry("minContains", "a grammar cannot require some item to match"),
            Map.entry("maxContains", "a grammar cannot require some item to match"),
            Map.entry("unevaluatedProperties", "it depends on evaluation results"),
            Map.entry("unevaluatedItems", "it depends on evaluation results"),
            Map.entry("$dynamicRef", "only $ref is"),
            Map.entry("$recursiveRef", "only $ref is"),
            Map.entry("$anchor", "only JSON-pointer references are"));

    private Keywords() {
    }

    static boolean known(String keyword) {
        return ANNOTATIONS.contains(keyword) || OBJECT.contains(keyword) || ARRAY.contains(keyword)
                || STRING.contains(keyword) || NUMBER.contains(keyword) || GENERAL.contains(keyword);
    }

    /** Refuses the first keyword of {@code schema} that this module does not support. */
    static void check(JsonNode schema, String pointer) {
        for (String k : (Iterable<String>) schema::fieldNames) {
            if (!known(k)) {
                throw new UnsupportedSchemaException(k, pointer, REFUSED.get(k));
            }
        }
        JsonNode unique = schema.get("uniqueItems");
        if (unique != null && !(unique.isBoolean() && !unique.booleanValue())) {
            throw new UnsupportedSchemaException("uniqueItems", pointer, "a grammar cannot keep items distinct");
        }
    }

    /** Whether {@code schema} has a keyword that constrains values, other than those in {@code except}. */
    static String firstConstraint(JsonNode schema, Set<String> except) {
        for (String k : (Iterable<String>) schema::fieldNames) {
            if (!ANNOTATIONS.contains(k) && !except.contains(k)) {
                return k;
            }
        }
        return null;
    }
}
