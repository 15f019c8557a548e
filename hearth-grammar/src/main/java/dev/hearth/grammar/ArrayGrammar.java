package dev.hearth.grammar;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Arrays: a tuple prefix ({@code prefixItems}, or draft 7's array form of {@code items}), then items of one schema
 * ({@code items}, or draft 7's {@code additionalItems}), between {@code minItems} and {@code maxItems}.
 */
final class ArrayGrammar {
    private final SchemaTranslator translator;

    ArrayGrammar(SchemaTranslator translator) {
        this.translator = translator;
    }

    Expr array(JsonNode s, String pointer) {
        Integer minItems = SchemaValues.count(s, "minItems", pointer);
        Integer maxItems = SchemaValues.count(s, "maxItems", pointer);
        int min = minItems == null ? 0 : minItems;
        int max = maxItems == null ? Integer.MAX_VALUE : maxItems;
        if (min > max) {
            throw new InvalidSchemaException(pointer, "minItems is greater than maxItems");
        }
        JsonNode items = s.get("items");
        JsonNode prefix = s.get("prefixItems");
        String restKeyword = "items";
        if (items != null && items.isArray()) {
            if (prefix != null) {
                throw new InvalidSchemaException(pointer, "'items' must be a schema when 'prefixItems' is present");
            }
            prefix = items;
            items = s.get("additionalItems");
            restKeyword = "additionalItems";
        } else if (s.has("additionalItems")) {
            // draft 7 ignores additionalItems unless items is an array; so does this grammar
            restKeyword = "items";
        }
        if (prefix != null && !prefix.isArray()) {
            throw new InvalidSchemaException(pointer, "'prefixItems' must be an array of schemas");
        }
        if (items != null && !items.isBoolean() && !items.isObject()) {
            throw new InvalidSchemaException(pointer, "'" + restKeyword + "' must be a schema");
        }
        List<Expr> tuple = new ArrayList<>();
        String prefixKeyword = restKeyword.equals("items") ? "prefixItems" : "items";
        if (prefix != null) {
            for (int i = 0; i < prefix.size() && i < max; i++) {
                String p = Json.child(Json.child(pointer, prefixKeyword), i);
                if (prefix.get(i).isBoolean() && !prefix.get(i).booleanValue()) {
                    if (i < min) {
                        throw new InvalidSchemaException(p, "item " + i + " is required by minItems but its schema is false");
                    }
                    max = i;
                    break;
                }
                tuple.add(translator.translate(prefix.get(i), p));
            }
        }
        boolean restAllowed = !(items != null && items.isBoolean() && !items.booleanValue());
        int k = tuple.size();
        if (!restAllowed) {
            max = Math.min(max, k);
            if (min > max) {
                throw new InvalidSchemaException(pointer, "minItems asks for more items than the schema allows");
            }
        }
        if (min > RegexTranslator.MAX_COUNT) {
            throw new UnsupportedSchemaException("minItems", pointer, "counts above " + RegexTranslator.MAX_COUNT + " are not");
        }
        if (max != Integer.MAX_VALUE) {
            max = Math.min(max, Math.max(RegexTranslator.MAX_COUNT, k)); // a subset: still valid
        }
        Expr rest = max > k ? (items == null || items.isBoolean() ? translator.freeValue()
                : translator.translate(items, Json.child(pointer, restKeyword))) : null;
        return Expr.seq(Expr.lit("["), elements(tuple, rest, min, max), Expr.lit("]"));
    }

    /** Elements 0..n-1 with min ≤ n ≤ max: the tuple's first, then {@code rest} (null when none may follow). */
    private static Expr elements(List<Expr> tuple, Expr rest, int min, int max) {
        int k = tuple.size();
        Expr tail = Expr.EMPTY;
        if (rest != null) {
            int tailMax = max == Integer.MAX_VALUE ? Expr.UNBOUNDED : max - k;
            tail = Expr.rep(Expr.seq(Expr.lit(","), rest), Math.max(0, min - k), tailMax);
        }
        if (k == 0) {
            if (rest == null) {
                return Expr.EMPTY;
            }
            int tailMax = max == Integer.MAX_VALUE ? Expr.UNBOUNDED : max - 1;
            Expr some = Expr.seq(rest, Expr.rep(Expr.seq(Expr.lit(","), rest), Math.max(0, min - 1), tailMax));
            return min == 0 ? Expr.opt(some) : some;
        }
        // built from the last tuple element back: element i, then (optionally, once min is met) the ones after it
        Expr after = tail;
        for (int i = k - 1; i >= 0; i--) {
            Expr next = i + 1 < k ? Expr.seq(Expr.lit(","), after) : after;
            boolean nextOptional = i + 1 < k && i + 1 >= min;
            after = Expr.seq(tuple.get(i), nextOptional ? Expr.opt(next) : next);
        }
        return min == 0 ? Expr.opt(after) : after;
    }
}
