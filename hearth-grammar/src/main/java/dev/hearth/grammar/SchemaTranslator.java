package dev.hearth.grammar;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * One JSON Schema document to one grammar. Each schema reached through {@code $ref} becomes one rule (so recursive
 * schemas work); other schemas are inlined. The output is compact JSON: no whitespace anywhere, properties in schema
 * order.
 */
final class SchemaTranslator {
    /** The nesting depth of values a schema leaves free ({@code {}}, {@code true}, an untyped array's items). */
    static final int FREE_DEPTH = 3;

    private static final List<String> TYPE_ORDER = List.of("null", "boolean", "integer", "number", "string", "array", "object");

    final JsonNode document;
    final Rules rules = new Rules();
    final SchemaMerger merger;
    private final Map<String, String> refRules = new HashMap<>();
    private final Map<String, Expr> shared = new HashMap<>();
    /** Nesting of translate calls: only a recursive $ref merged into its own keywords could grow it without end. */
    private int depth;
    private static final int MAX_DEPTH = 100;

    SchemaTranslator(JsonNode document) {
        this.document = document;
        this.merger = new SchemaMerger(this);
    }

    Gbnf toGbnf(Expr root) {
        return rules.toGbnf(root, why -> new InvalidSchemaException("", why));
    }

    /** The grammar of the values {@code schema} (found at {@code pointer}) accepts. */
    Expr translate(JsonNode schema, String pointer) {
        if (depth >= MAX_DEPTH) {
            throw new UnsupportedSchemaException("$ref", pointer,
                    "schemas nested more than " + MAX_DEPTH + " deep, or a recursive reference merged with other keywords");
        }
        depth++;
        try {
            return translateNested(schema, pointer);
        } finally {
            depth--;
        }
    }

    private Expr translateNested(JsonNode schema, String pointer) {
        if (schema.isBoolean()) {
            if (!schema.booleanValue()) {
                throw new InvalidSchemaException(pointer, "the schema false admits no value");
            }
            return freeValue();
        }
        if (!schema.isObject()) {
            throw new InvalidSchemaException(pointer, "a schema must be an object or a boolean");
        }
        Keywords.check(schema, pointer);
        if (schema.has("$ref") && Keywords.firstConstraint(schema, Set.of("$ref")) == null) {
            return reference(schema.get("$ref"), pointer);
        }
        if (schema.has("$ref") || schema.has("allOf")) {
            return translate(merger.flatten(schema, pointer), pointer);
        }
        if (schema.has("anyOf") || schema.has("oneOf")) {
            return branches(schema, pointer);
        }
        if (schema.has("enum") || schema.has("const")) {
            return literals(schema, pointer);
        }
        return typed(schema, pointer);
    }

    /** The rule of the schema {@code ref} names; made once per target, so recursion ends. */
    Expr reference(JsonNode ref, String pointer) {
        String target = merger.targetPointer(ref, pointer);
        String name = refRules.get(target);
        if (name == null) {
            name = rules.reserve(target.isEmpty() ? "schema" : target);
            refRules.put(target, name);
            rules.define(name, translate(merger.resolve(ref, pointer), target));
        }
        return Expr.ref(name);
    }

    private Expr branches(JsonNode schema, String pointer) {
        if (schema.has("anyOf") && schema.has("oneOf")) {
            throw new UnsupportedSchemaException("oneOf", pointer, "anyOf and oneOf cannot be combined in one schema");
        }
        String keyword = schema.has("anyOf") ? "anyOf" : "oneOf";
        JsonNode list = schema.get(keyword);
        if (!list.isArray() || list.isEmpty()) {
            throw new InvalidSchemaException(pointer, "'" + keyword + "' must be a non-empty array of schemas");
        }
        ObjectNode siblings = ((ObjectNode) schema).deepCopy();
        siblings.remove(keyword);
        boolean distribute = Keywords.firstConstraint(siblings, Set.of()) != null;
        List<JsonNode> branchSchemas = new ArrayList<>();
        List<String> pointers = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String p = Json.child(Json.child(pointer, keyword), i);
            branchSchemas.add(distribute ? merger.mergeBranch(siblings, list.get(i), p) : list.get(i));
            pointers.add(p);
        }
        if (keyword.equals("oneOf")) {
            new BranchKinds(this).requireExclusive(branchSchemas, pointer);
        }
        List<Expr> options = new ArrayList<>();
        for (int i = 0; i < branchSchemas.size(); i++) {
            options.add(translate(branchSchemas.get(i), pointers.get(i)));
        }
        return Expr.alt(options);
    }

    private Expr literals(JsonNode schema, String pointer) {
        String other = Keywords.firstConstraint(schema, Set.of("enum", "const", "type"));
        if (other != null) {
            throw new UnsupportedSchemaException(other, pointer, "it cannot be combined with enum or const");
        }
        List<JsonNode> values = BranchKinds.literalValues(schema, pointer);
        Set<String> types = declaredTypes(schema, pointer);
        List<Expr> options = new ArrayList<>();
        for (JsonNode v : values) {
            if (types == null || types.contains(Json.typeOf(v)) || (Json.typeOf(v).equals("integer") && types.contains("number"))) {
                // 1.0 is an integer since draft 6, not for draft 4: written as 1, it is one for every draft and
                // still equal to the enum's value
                boolean integral = v.isFloatingPointNumber() && Json.typeOf(v).equals("integer");
                options.add(Expr.lit(integral ? v.decimalValue().toBigIntegerExact().toString() : Json.compact(v)));
            }
        }
        if (options.isEmpty()) {
            throw new InvalidSchemaException(pointer, "no value of its enum or const has its type");
        }
        return Expr.alt(options);
    }

    private Expr typed(JsonNode schema, String pointer) {
        Set<String> types = declaredTypes(schema, pointer);
        if (types == null) {
            types = inferredTypes(schema);
        }
        if (types.isEmpty()) {
            return freeValue();
        }
        if (types.contains("number")) {
            types.remove("integer");
        }
        List<Expr> options = new ArrayList<>();
        for (String type : TYPE_ORDER) {
            if (types.contains(type)) {
                options.add(switch (type) {
                    case "null" -> Expr.lit("null");
                    case "boolean" -> Expr.alt(Expr.lit("true"), Expr.lit("false"));
                    case "integer" -> NumberGrammar.integer(schema, pointer);
                    case "number" -> NumberGrammar.number(schema, pointer);
                    case "string" -> StringGrammar.string(schema, pointer, jsonChar());
                    case "array" -> new ArrayGrammar(this).array(schema, pointer);
                    default -> new ObjectGrammar(this).object(schema, pointer);
                });
            }
        }
        return Expr.alt(options);
    }

    /** The types {@code type} names, or null without one. */
    static Set<String> declaredTypes(JsonNode schema, String pointer) {
        JsonNode type = schema.get("type");
        if (type == null) {
            return null;
        }
        Set<String> out = new LinkedHashSet<>();
        if (type.isTextual()) {
            out.add(checkedType(type.textValue(), pointer));
        } else if (type.isArray() && !type.isEmpty()) {
            for (JsonNode t : type) {
                if (!t.isTextual()) {
                    throw new InvalidSchemaException(pointer, "'type' must be a type name or an array of type names");
                }
                out.add(checkedType(t.textValue(), pointer));
            }
        } else {
            throw new InvalidSchemaException(pointer, "'type' must be a type name or a non-empty array of type names");
        }
        return out;
    }

    private static String checkedType(String name, String pointer) {
        if (!TYPE_ORDER.contains(name)) {
            throw new InvalidSchemaException(pointer, "unknown type '" + name + "'");
        }
        return name;
    }

    /**
     * Without {@code type}, any value validates; the grammar emits only the types the schema's keywords speak of
     * (a subset, so still valid), and any value when they speak of none.
     */
    static Set<String> inferredTypes(JsonNode schema) {
        Set<String> out = new LinkedHashSet<>();
        for (String k : (Iterable<String>) schema::fieldNames) {
            if (Keywords.OBJECT.contains(k)) {
                out.add("object");
            } else if (Keywords.ARRAY.contains(k) && !k.equals("uniqueItems")) {
                out.add("array");
            } else if (Keywords.STRING.contains(k)) {
                out.add("string");
            } else if (Keywords.NUMBER.contains(k)) {
                out.add("number");
            }
        }
        return out;
    }

    /** One JSON-encoded string character (a shared rule). */
    Expr jsonChar() {
        return shared("char", JsonText::anyChar);
    }

    Expr freeString() {
        return shared("string", () -> Expr.seq(Expr.lit("\""), Expr.rep(jsonChar(), 0, Expr.UNBOUNDED), Expr.lit("\"")));
    }

    /** Any JSON value, nested at most {@link #FREE_DEPTH} containers deep. */
    Expr freeValue() {
        return freeValue(0);
    }

    Expr freeObject() {
        return freeContainer("object", 0);
    }

    private Expr freeValue(int depth) {
        return shared("value-" + depth, () -> {
            List<Expr> options = new ArrayList<>(List.of(Expr.lit("null"), Expr.lit("true"), Expr.lit("false"),
                    shared("number", NumberGrammar::anyNumber), freeString()));
            if (depth < FREE_DEPTH) {
                options.add(freeContainer("array", depth));
                options.add(freeContainer("object", depth));
            }
            return Expr.alt(options);
        });
    }

    private Expr freeContainer(String kind, int depth) {
        return shared(kind + "-" + depth, () -> {
            Expr item = kind.equals("array") ? freeValue(depth + 1)
                    : Expr.seq(freeString(), Expr.lit(":"), freeValue(depth + 1));
            String open = kind.equals("array") ? "[" : "{";
            String close = kind.equals("array") ? "]" : "}";
            return Expr.seq(Expr.lit(open), Expr.opt(Expr.seq(item, Expr.rep(Expr.seq(Expr.lit(","), item), 0,
                    Expr.UNBOUNDED))), Expr.lit(close));
        });
    }

    /** A rule shared by the whole grammar; named before its body is built, so bodies may refer to each other. */
    private Expr shared(String name, Supplier<Expr> body) {
        Expr ref = shared.get(name);
        if (ref == null) {
            String rule = rules.reserve(name);
            ref = Expr.ref(rule);
            shared.put(name, ref);
            rules.define(rule, body.get());
        }
        return ref;
    }
}
