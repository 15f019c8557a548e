package dev.hearth.grammar;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Whether the branches of a {@code oneOf} are mutually exclusive. A grammar emits "one of the branches"; the value
 * validates only if it matches no other branch, which this module guarantees only when it can prove it cheaply:
 * branches whose values are of disjoint kinds (string vs null, integer vs object...), enums or consts with no value
 * in common, or objects told apart by a required property whose values (const or enum) differ.
 */
final class BranchKinds {
    private enum Kind { NULL, BOOLEAN, INTEGER, FRACTION, STRING, ARRAY, OBJECT }

    private static final int MAX_DEPTH = 16;

    private final SchemaTranslator translator;

    BranchKinds(SchemaTranslator translator) {
        this.translator = translator;
    }

    void requireExclusive(List<JsonNode> branches, String pointer) {
        for (int i = 0; i < branches.size(); i++) {
            for (int j = i + 1; j < branches.size(); j++) {
                if (!exclusive(branches.get(i), branches.get(j), pointer)) {
                    throw new UnsupportedSchemaException("oneOf", pointer, "branches " + i + " and " + j
                            + " are not provably exclusive (by type, by value, or by a required property of distinct"
                            + " const values); use anyOf if a value may match both");
                }
            }
        }
    }

    private boolean exclusive(JsonNode a, JsonNode b, String pointer) {
        JsonNode fa = flat(a, pointer);
        JsonNode fb = flat(b, pointer);
        EnumSet<Kind> ka = kinds(fa, pointer, 0);
        EnumSet<Kind> kb = kinds(fb, pointer, 0);
        EnumSet<Kind> common = EnumSet.copyOf(ka);
        common.retainAll(kb);
        if (common.isEmpty()) {
            return true;
        }
        List<JsonNode> la = literals(fa, pointer);
        List<JsonNode> lb = literals(fb, pointer);
        if (la != null && lb != null) {
            return disjoint(la, lb);
        }
        if (common.equals(EnumSet.of(Kind.OBJECT))) {
            return discriminated(fa, fb, pointer);
        }
        return false;
    }

    private boolean discriminated(JsonNode a, JsonNode b, String pointer) {
        JsonNode ra = a.get("required");
        JsonNode rb = b.get("required");
        if (ra == null || rb == null || !a.has("properties") || !b.has("properties")) {
            return false;
        }
        for (JsonNode name : ra) {
            boolean inB = false;
            for (JsonNode other : rb) {
                inB |= other.equals(name);
            }
            JsonNode pa = a.get("properties").get(name.asText());
            JsonNode pb = b.get("properties").get(name.asText());
            if (!inB || pa == null || pb == null) {
                continue;
            }
            List<JsonNode> la = literals(flat(pa, pointer), pointer);
            List<JsonNode> lb = literals(flat(pb, pointer), pointer);
            if (la != null && lb != null && disjoint(la, lb)) {
                return true;
            }
        }
        return false;
    }

    private JsonNode flat(JsonNode schema, String pointer) {
        if (schema.isObject() && (schema.has("$ref") || schema.has("allOf"))) {
            return translator.merger.flatten(schema, pointer);
        }
        return schema;
    }

    private EnumSet<Kind> kinds(JsonNode schema, String pointer, int depth) {
        if (schema.isBoolean() || !schema.isObject() || depth > MAX_DEPTH) {
            return EnumSet.allOf(Kind.class);
        }
        List<JsonNode> literals = literals(schema, pointer);
        if (literals != null) {
            EnumSet<Kind> out = EnumSet.noneOf(Kind.class);
            literals.forEach(v -> out.add(kindOf(v)));
            return out;
        }
        // The kinds a branch *accepts*: without a type, every kind (a grammar may emit fewer, a validator accepts all).
        Set<String> types = SchemaTranslator.declaredTypes(schema, pointer);
        if (types == null) {
            types = Set.of();
        }
        EnumSet<Kind> out = types.isEmpty() ? EnumSet.allOf(Kind.class) : EnumSet.noneOf(Kind.class);
        for (String t : types) {
            switch (t) {
                case "null" -> out.add(Kind.NULL);
                case "boolean" -> out.add(Kind.BOOLEAN);
                case "integer" -> out.add(Kind.INTEGER);
                case "number" -> out.addAll(EnumSet.of(Kind.INTEGER, Kind.FRACTION));
                case "string" -> out.add(Kind.STRING);
                case "array" -> out.add(Kind.ARRAY);
                default -> out.add(Kind.OBJECT);
            }
        }
        for (String keyword : List.of("anyOf", "oneOf")) {
            JsonNode list = schema.get(keyword);
            if (list != null && list.isArray()) {
                EnumSet<Kind> union = EnumSet.noneOf(Kind.class);
                for (JsonNode branch : list) {
                    union.addAll(kinds(flat(branch, pointer), pointer, depth + 1));
                }
                out.retainAll(union);
            }
        }
        return out;
    }

    private static Kind kindOf(JsonNode v) {
        return switch (Json.typeOf(v)) {
            case "null" -> Kind.NULL;
            case "boolean" -> Kind.BOOLEAN;
            case "integer" -> Kind.INTEGER;
            case "number" -> Kind.FRACTION;
            case "string" -> Kind.STRING;
            case "array" -> Kind.ARRAY;
            default -> Kind.OBJECT;
        };
    }

    private static List<JsonNode> literals(JsonNode schema, String pointer) {
        return schema.isObject() && (schema.has("enum") || schema.has("const")) ? literalValues(schema, pointer) : null;
    }

    /** The values an enum/const schema allows: the enum's, or the const, or the const if the enum has it. */
    static List<JsonNode> literalValues(JsonNode schema, String pointer) {
        List<JsonNode> values = new ArrayList<>();
        JsonNode en = schema.get("enum");
        if (en != null) {
            if (!en.isArray() || en.isEmpty()) {
                throw new InvalidSchemaException(pointer, "'enum' must be a non-empty array");
            }
            en.forEach(values::add);
        }
        JsonNode c = schema.get("const");
        if (c != null) {
            if (en != null && values.stream().noneMatch(v -> Json.same(v, c))) {
                throw new InvalidSchemaException(pointer, "its const is not one of its enum values");
            }
            values = List.of(c);
        }
        return values;
    }

    private static boolean disjoint(List<JsonNode> a, List<JsonNode> b) {
        for (JsonNode x : a) {
            for (JsonNode y : b) {
                if (Json.same(x, y)) {
                    return false;
                }
            }
        }
        return true;
    }
}
