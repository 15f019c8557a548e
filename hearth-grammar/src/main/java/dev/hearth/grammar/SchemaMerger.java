package dev.hearth.grammar;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code allOf}, and {@code $ref} beside other keywords, merged into one schema whose values satisfy every part.
 * Parts merge keyword by keyword: types intersect, properties and required names unite, bounds tighten; anything
 * else must be set by one part only (or alike in all), or the schema is refused, never loosened.
 */
final class SchemaMerger {
    private static final int MAX_DEPTH = 32;
    private static final Set<String> LOWER_BOUNDS = Set.of("minimum", "exclusiveMinimum", "minLength", "minItems");
    private static final Set<String> UPPER_BOUNDS = Set.of("maximum", "exclusiveMaximum", "maxLength", "maxItems");

    private final SchemaTranslator translator;

    SchemaMerger(SchemaTranslator translator) {
        this.translator = translator;
    }

    /** {@code schema} with its {@code $ref} and {@code allOf} merged in. */
    ObjectNode flatten(JsonNode schema, String pointer) {
        return flatten(schema, pointer, 0);
    }

    /** A branch of anyOf/oneOf with the keywords beside it merged in. */
    ObjectNode mergeBranch(ObjectNode siblings, JsonNode branch, String pointer) {
        ObjectNode merged = flatten(siblings, pointer, 0);
        merge(merged, flatten(branch, pointer, 0), pointer);
        return merged;
    }

    private ObjectNode flatten(JsonNode schema, String pointer, int depth) {
        if (depth > MAX_DEPTH) {
            throw new UnsupportedSchemaException("$ref", pointer, "a recursive reference cannot be merged with other keywords");
        }
        if (schema.isBoolean()) {
            if (!schema.booleanValue()) {
                throw new InvalidSchemaException(pointer, "the schema false admits no value");
            }
            return JsonNodeFactory.instance.objectNode();
        }
        if (!schema.isObject()) {
            throw new InvalidSchemaException(pointer, "a schema must be an object or a boolean");
        }
        Keywords.check(schema, pointer);
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        for (var e : schema.properties()) {
            if (!e.getKey().equals("$ref") && !e.getKey().equals("allOf") && !Keywords.ANNOTATIONS.contains(e.getKey())) {
                out.set(e.getKey(), e.getValue().deepCopy());
            }
        }
        if (schema.has("$ref")) {
            merge(out, flatten(resolve(schema.get("$ref"), pointer), targetPointer(schema.get("$ref"), pointer), depth + 1), pointer);
        }
        JsonNode allOf = schema.get("allOf");
        if (allOf != null) {
            if (!allOf.isArray() || allOf.isEmpty()) {
                throw new InvalidSchemaException(pointer, "'allOf' must be a non-empty array of schemas");
            }
            for (int i = 0; i < allOf.size(); i++) {
                merge(out, flatten(allOf.get(i), Json.child(Json.child(pointer, "allOf"), i), depth + 1), pointer);
            }
        }
        return out;
    }

    /** Merges {@code part} into {@code into}; both are flat (no $ref, no allOf, no annotations). */
    private void merge(ObjectNode into, ObjectNode part, String pointer) {
        checkExtraProperties(into, part, pointer);
        checkExtraProperties(part, into, pointer);
        for (var e : part.properties()) {
            String k = e.getKey();
            JsonNode mine = into.get(k);
            JsonNode theirs = e.getValue();
            if (mine == null) {
                into.set(k, theirs.deepCopy());
            } else if (Json.same(mine, theirs)) {
                continue;
            } else if (k.equals("type")) {
                into.set(k, intersectTypes(into, part, pointer));
            } else if (k.equals("required")) {
                Set<String> names = new LinkedHashSet<>();
                mine.forEach(n -> names.add(n.asText()));
                theirs.forEach(n -> names.add(n.asText()));
                ArrayNode arr = into.putArray("required");
                names.forEach(arr::add);
            } else if (k.equals("properties") && mine.isObject() && theirs.isObject()) {
                ObjectNode props = (ObjectNode) mine;
                for (var pe : theirs.properties()) {
                    JsonNode existing = props.get(pe.getKey());
                    if (existing == null) {
                        props.set(pe.getKey(), pe.getValue().deepCopy());
                    } else if (!Json.same(existing, pe.getValue())) {
                        ObjectNode both = JsonNodeFactory.instance.objectNode();
                        both.putArray("allOf").add(existing).add(pe.getValue().deepCopy());
                        props.set(pe.getKey(), both);
                    }
                }
            } else if (k.equals("enum") && mine.isArray() && theirs.isArray()) {
                ArrayNode common = JsonNodeFactory.instance.arrayNode();
                for (JsonNode v : mine) {
                    for (JsonNode w : theirs) {
                        if (Json.same(v, w)) {
                            common.add(v);
                            break;
                        }
                    }
                }
                if (common.isEmpty()) {
                    throw new InvalidSchemaException(pointer, "the enums of allOf have no value in common");
                }
                into.set(k, common);
            } else if ((LOWER_BOUNDS.contains(k) || UPPER_BOUNDS.contains(k)) && mine.isNumber() && theirs.isNumber()) {
                boolean tighterIsHigher = LOWER_BOUNDS.contains(k);
                int cmp = mine.decimalValue().compareTo(theirs.decimalValue());
                if (tighterIsHigher ? cmp < 0 : cmp > 0) {
                    into.set(k, theirs.deepCopy());
                }
            } else {
                throw new UnsupportedSchemaException("allOf", pointer, "its parts set '" + k + "' differently");
            }
        }
    }

    /**
     * A part whose additionalProperties is not true forbids (or constrains) the other part's extra properties: merge
     * only when the other part declares no property the first one does not.
     */
    private static void checkExtraProperties(ObjectNode strict, ObjectNode other, String pointer) {
        JsonNode additional = strict.get("additionalProperties");
        if (additional == null || (additional.isBoolean() && additional.booleanValue())) {
            return;
        }
        JsonNode mine = strict.get("properties");
        List<String> names = new ArrayList<>();
        JsonNode theirs = other.get("properties");
        if (theirs != null) {
            theirs.fieldNames().forEachRemaining(names::add);
        }
        JsonNode required = other.get("required");
        if (required != null) {
            required.forEach(n -> names.add(n.asText()));
        }
        for (String name : names) {
            if (mine == null || !mine.has(name)) {
                throw new UnsupportedSchemaException("allOf", pointer, "property '" + name
                        + "' of one part is not declared by a part with additionalProperties");
            }
        }
    }

    private static JsonNode intersectTypes(ObjectNode a, ObjectNode b, String pointer) {
        Set<String> ta = SchemaTranslator.declaredTypes(a, pointer);
        Set<String> tb = SchemaTranslator.declaredTypes(b, pointer);
        Set<String> out = new LinkedHashSet<>();
        for (String t : ta) {
            if (tb.contains(t)) {
                out.add(t);
            } else if (t.equals("integer") && tb.contains("number") || t.equals("number") && tb.contains("integer")) {
                out.add("integer");
            }
        }
        if (out.isEmpty()) {
            throw new InvalidSchemaException(pointer, "the types of allOf have no type in common");
        }
        ArrayNode arr = JsonNodeFactory.instance.arrayNode();
        out.forEach(arr::add);
        return arr;
    }

    /** The JSON pointer a local reference names; refuses any other reference. */
    String targetPointer(JsonNode ref, String pointer) {
        if (!ref.isTextual()) {
            throw new InvalidSchemaException(pointer, "'$ref' must be a string");
        }
        String r = ref.textValue();
        if (!r.startsWith("#")) {
            throw new UnsupportedSchemaException("$ref", pointer, "only references inside the schema (#/...) are supported, not '" + r + "'");
        }
        String fragment = java.net.URLDecoder.decode(r.substring(1).replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
        if (!fragment.isEmpty() && !fragment.startsWith("/")) {
            throw new UnsupportedSchemaException("$ref", pointer, "anchors ('" + r + "') are not supported, JSON pointers are");
        }
        return fragment;
    }

    JsonNode resolve(JsonNode ref, String pointer) {
        String target = targetPointer(ref, pointer);
        JsonNode node = translator.document.at(target);
        if (node.isMissingNode()) {
            throw new InvalidSchemaException(pointer, "$ref '" + ref.textValue() + "' resolves to nothing");
        }
        return node;
    }
}
