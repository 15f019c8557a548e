package dev.hearth.grammar;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Objects. Declared properties are written in schema order, required ones always and optional ones or not; no other
 * property is written, whatever {@code additionalProperties} says, which validates in every case. An object that
 * declares nothing is free (any members) unless {@code additionalProperties} is false ({@code {}}) or a schema (a
 * map whose values follow it).
 */
final class ObjectGrammar {
    private record Member(String name, Expr value, boolean required) {
    }

    private final SchemaTranslator translator;

    ObjectGrammar(SchemaTranslator translator) {
        this.translator = translator;
    }

    Expr object(JsonNode s, String pointer) {
        JsonNode properties = s.get("properties");
        if (properties != null && !properties.isObject()) {
            throw new InvalidSchemaException(pointer, "'properties' must be an object");
        }
        Set<String> required = required(s, pointer);
        JsonNode additional = s.get("additionalProperties");
        if (additional != null && !additional.isBoolean() && !additional.isObject()) {
            throw new InvalidSchemaException(pointer, "'additionalProperties' must be a schema");
        }
        boolean noExtra = additional != null && additional.isBoolean() && !additional.booleanValue();
        if ((properties == null || properties.isEmpty()) && required.isEmpty()) {
            if (noExtra) {
                return Expr.lit("{}");
            }
            return additional == null || additional.isBoolean() ? translator.freeObject()
                    : map(translator.translate(additional, Json.child(pointer, "additionalProperties")));
        }
        List<Member> members = new ArrayList<>();
        if (properties != null) {
            for (var e : properties.properties()) {
                boolean isRequired = required.remove(e.getKey());
                if (e.getValue().isBoolean() && !e.getValue().booleanValue()) {
                    if (isRequired) {
                        throw new InvalidSchemaException(pointer, "property '" + e.getKey() + "' is required but its schema is false");
                    }
                    continue;
                }
                String p = Json.child(Json.child(pointer, "properties"), e.getKey());
                members.add(new Member(e.getKey(), translator.translate(e.getValue(), p), isRequired));
            }
        }
        for (String name : required) {
            if (noExtra) {
                throw new InvalidSchemaException(pointer, "property '" + name
                        + "' is required but additionalProperties is false and it is not declared");
            }
            Expr value = additional == null || additional.isBoolean() ? translator.freeValue()
                    : translator.translate(additional, Json.child(pointer, "additionalProperties"));
            members.add(new Member(name, value, true));
        }
        return Expr.seq(Expr.lit("{"), new Chain(members, pointer).from(0, false), Expr.lit("}"));
    }

    private static Set<String> required(JsonNode s, String pointer) {
        Set<String> out = new LinkedHashSet<>();
        JsonNode required = s.get("required");
        if (required == null) {
            return out;
        }
        if (!required.isArray()) {
            throw new InvalidSchemaException(pointer, "'required' must be an array of property names");
        }
        for (JsonNode name : required) {
            if (!name.isTextual()) {
                throw new InvalidSchemaException(pointer, "'required' must be an array of property names");
            }
            out.add(name.textValue());
        }
        return out;
    }

    private Expr map(Expr value) {
        Expr member = Expr.seq(translator.freeString(), Expr.lit(":"), value);
        return Expr.seq(Expr.lit("{"), Expr.opt(Expr.seq(member, Expr.rep(Expr.seq(Expr.lit(","), member), 0,
                Expr.UNBOUNDED))), Expr.lit("}"));
    }

    /**
     * The members from index i on, given whether one was already written (then the next needs a comma). With
     * optional members ahead, each (index, comma) pair is one rule, so the grammar grows linearly, not exponentially.
     */
    private final class Chain {
        private final List<Member> members;
        private final String pointer;
        private final Map<String, Expr> memo = new HashMap<>();

        Chain(List<Member> members, String pointer) {
            this.members = members;
            this.pointer = pointer;
        }

        Expr from(int i, boolean comma) {
            if (i == members.size()) {
                return Expr.EMPTY;
            }
            if (members.subList(i, members.size()).stream().allMatch(Member::required)) {
                List<Expr> items = new ArrayList<>();
                for (int j = i; j < members.size(); j++) {
                    items.add(member(j, comma || j > i));
                }
                return Expr.seq(items);
            }
            String key = i + "," + comma;
            Expr memoized = memo.get(key);
            if (memoized == null) {
                Member m = members.get(i);
                Expr present = Expr.seq(member(i, comma), from(i + 1, true));
                Expr body = m.required() ? present : Expr.alt(present, from(i + 1, comma));
                memoized = translator.rules.add((pointer.isEmpty() ? "root" : pointer) + "-" + i + (comma ? "-c" : ""), body);
                memo.put(key, memoized);
            }
            return memoized;
        }

        private Expr member(int i, boolean comma) {
            Member m = members.get(i);
            String key = Json.compact(TextNode.valueOf(m.name())) + ":";
            return Expr.seq(Expr.lit(comma ? "," + key : key), m.value());
        }
    }
}
