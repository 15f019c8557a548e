package dev.hearth.grammar;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Schemas built at random from the keywords the translation knows, combined in ways no hand-written corpus would
 * try: each one is either refused with a GrammarException, or every random output of its grammar validates.
 */
class RandomSchemaTest {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final List<String> TYPES = List.of("null", "boolean", "integer", "number", "string", "array", "object");
    private static final List<String> PATTERNS = List.of("^[a-c]{1,3}$", "x+", "^(ab|cd)*$", "\\d", "^\"\\\\$", "^.?$");
    private static final List<String> FORMATS = List.of("date", "time", "date-time", "uuid");

    @Test
    void everyRandomSchemaIsRefusedOrGivesOnlyValidOutputs() {
        Random random = new Random(20261202);
        int translated = 0;
        int schemas = 300;
        for (int i = 0; i < schemas; i++) {
            ObjectNode schema = schema(random, 0);
            if (random.nextInt(3) == 0) {
                ObjectNode defs = schema.putObject("$defs");
                defs.set("d0", schema(random, 1));
                defs.set("d1", schema(random, 2));
            }
            try {
                JsonSchemaGrammar.fromSchema(schema);
            } catch (GrammarException refused) {
                continue;
            }
            Outputs.assertEveryOutputValidates(schema, 40, i);
            translated++;
        }
        assertThat(translated).as("schemas translated (not refused)").isGreaterThan(schemas / 3);
    }

    private ObjectNode schema(Random r, int depth) {
        ObjectNode s = F.objectNode();
        int shape = r.nextInt(depth > 2 ? 3 : 9);
        switch (shape) {
            case 0, 1, 2 -> typed(s, r, depth);
            case 3 -> s.set("enum", values(r, 1 + r.nextInt(3)));
            case 4 -> s.set("const", value(r));
            case 5, 6 -> {
                String k = List.of("anyOf", "oneOf", "allOf").get(r.nextInt(3));
                ArrayNode list = s.putArray(k);
                for (int i = 0; i < 2 + r.nextInt(2); i++) {
                    list.add(schema(r, depth + 1));
                }
                if (r.nextBoolean()) {
                    typed(s, r, depth + 1);
                }
            }
            case 7 -> {
                s.put("$ref", "#/$defs/d" + r.nextInt(2));
                if (r.nextBoolean()) {
                    typed(s, r, depth + 1);
                }
            }
            default -> s.put("$ref", "#");
        }
        return s;
    }

    private void typed(ObjectNode s, Random r, int depth) {
        String type = TYPES.get(r.nextInt(TYPES.size()));
        if (r.nextInt(4) == 0) {
            s.putArray("type").add(type).add(TYPES.get(r.nextInt(TYPES.size())));
        } else if (r.nextInt(5) > 0) {
            s.put("type", type);
        }
        switch (type) {
            case "integer", "number" -> {
                String[] keys = {"minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"};
                for (String k : keys) {
                    if (r.nextInt(3) == 0) {
                        if (r.nextBoolean()) {
                            s.put(k, r.nextInt(200) - 100);
                        } else {
                            s.put(k, (r.nextInt(2000) - 1000) / 8.0);
                        }
                    }
                }
            }
            case "string" -> {
                if (r.nextInt(3) == 0) {
                    s.put("minLength", r.nextInt(4));
                }
                if (r.nextInt(3) == 0) {
                    s.put("maxLength", r.nextInt(6));
                }
                if (r.nextInt(4) == 0) {
                    s.put("pattern", PATTERNS.get(r.nextInt(PATTERNS.size())));
                }
                if (r.nextInt(5) == 0) {
                    s.put("format", FORMATS.get(r.nextInt(FORMATS.size())));
                }
            }
            case "array" -> {
                if (r.nextInt(3) > 0) {
                    s.set("items", depth > 2 ? F.objectNode() : schema(r, depth + 1));
                }
                if (r.nextInt(3) == 0) {
                    ArrayNode prefix = s.putArray("prefixItems");
                    for (int i = 0; i < 1 + r.nextInt(2); i++) {
                        prefix.add(depth > 2 ? F.objectNode().put("type", "boolean") : schema(r, depth + 1));
                    }
                }
                if (r.nextInt(3) == 0) {
                    s.put("minItems", r.nextInt(3));
                }
                if (r.nextInt(3) == 0) {
                    s.put("maxItems", r.nextInt(4));
                }
            }
            case "object" -> {
                ObjectNode props = s.putObject("properties");
                ArrayNode required = s.putArray("required");
                for (int i = 0; i < r.nextInt(4); i++) {
                    String name = List.of("a", "b", "c", "kind").get(r.nextInt(4));
                    props.set(name, depth > 2 ? F.objectNode().put("type", "null") : schema(r, depth + 1));
                    if (r.nextBoolean()) {
                        required.add(name);
                    }
                }
                int extra = r.nextInt(4);
                if (extra == 0) {
                    s.put("additionalProperties", false);
                } else if (extra == 1) {
                    s.set("additionalProperties", F.objectNode().put("type", "integer"));
                }
            }
            default -> {
            }
        }
    }

    private static ArrayNode values(Random r, int n) {
        ArrayNode out = F.arrayNode();
        for (int i = 0; i < n; i++) {
            out.add(value(r));
        }
        return out;
    }

    private static JsonNode value(Random r) {
        return switch (r.nextInt(7)) {
            case 0 -> F.nullNode();
            case 1 -> F.booleanNode(r.nextBoolean());
            case 2 -> F.numberNode(r.nextInt(20) - 10);
            case 3 -> F.numberNode(r.nextInt(40) / 4.0);
            case 4 -> F.textNode(List.of("a", "b\"", "\u00e9", "").get(r.nextInt(4)));
            case 5 -> F.arrayNode().add(r.nextInt(3));
            default -> F.objectNode().put("kind", List.of("x", "y").get(r.nextInt(2)));
        };
    }
}
