package dev.hearth.api.tgi;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import dev.hearth.api.json.Serde;
import java.io.IOException;
import java.util.Objects;
import java.util.Set;

/**
 * A validated decoding constraint, from {@code parameters.grammar} or a chat
 * {@code response_format}: either a JSON schema (which has {@code properties}) or a regex.
 *
 * <p>Two steps, as in TGI: {@link #checkShape} runs while the body is read (through
 * {@link ShapeChecked} on the {@code JsonNode} field) — a grammar of the wrong
 * shape fails deserialization (422 body rejection), like serde's tagged enum {@code GrammarType};
 * {@link Validation#validateGrammar} then checks the content (422 {@code validation}).
 *
 * <p>Beyond TGI's {@code {"type","value"}}, OpenAI's own shapes are read too: {@code {"type":"json_object"}} with no
 * value (any JSON object) and {@code {"type":"json_schema","json_schema":{"name","schema","strict"}}}.
 *
 * @param type   {@link Type#JSON} for {@code json}, {@code json_object} with a value and {@code json_schema};
 *               {@link Type#JSON_OBJECT} for a bare {@code json_object}
 * @param schema the JSON schema when {@code type == JSON}, else {@code null}
 * @param regex  the pattern when {@code type == REGEX}, else {@code null}
 */
public record Grammar(Type type, JsonNode schema, String regex) {

    public enum Type { JSON, JSON_OBJECT, REGEX }

    private static final Set<String> TYPES = Set.of("json", "json_object", "regex", "json_schema");

    public Grammar {
        Objects.requireNonNull(type, "type");
        if ((type == Type.JSON) != (schema != null) || (type == Type.REGEX) != (regex != null)) {
            throw new IllegalArgumentException("a JSON grammar has a schema, a regex grammar a pattern");
        }
    }

    /**
     * serde's deserialization of {@code {"type": ..., "value": ...}}; throws
     * {@link IllegalArgumentException} with serde's wording, which Jackson turns into a 422 body
     * rejection. {@code null} (no grammar) passes.
     */
    public static void checkShape(JsonNode grammar) {
        if (grammar == null || grammar.isNull()) return;
        if (!grammar.isObject()) {
            throw new IllegalArgumentException("invalid type: " + Serde.describe(grammar)
                    + ", expected adjacently tagged enum GrammarType");
        }
        JsonNode type = grammar.get("type");
        if (type == null) throw new IllegalArgumentException("missing field `type`");
        if (!type.isTextual() || !TYPES.contains(type.textValue())) {
            throw new IllegalArgumentException("unknown variant " + (type.isTextual() ? "`" + type.textValue() + "`"
                    : Serde.describe(type)) + ", expected one of `json`, `json_object`, `regex`, `json_schema`");
        }
        JsonNode value = value(grammar);
        if (value == null && type.textValue().equals("json_object")) return; // OpenAI: any JSON object
        if (value == null) throw new IllegalArgumentException("missing field `value`");
        switch (type.textValue()) {
            case "regex" -> {
                if (!value.isTextual()) {
                    throw new IllegalArgumentException("invalid type: " + Serde.describe(value) + ", expected a string");
                }
            }
            case "json_schema" -> {
                if (!value.isObject()) {
                    throw new IllegalArgumentException("invalid type: " + Serde.describe(value)
                            + ", expected struct JsonSchemaConfig");
                }
                if (!value.has("schema")) throw new IllegalArgumentException("missing field `schema`");
                JsonNode name = value.get("name");
                if (name != null && !name.isNull() && !name.isTextual()) {
                    throw new IllegalArgumentException("invalid type: " + Serde.describe(name) + ", expected a string");
                }
            }
            default -> { } // json / json_object: any JSON value; its content is validated later
        }
    }

    /** The grammar's {@code value}, or for OpenAI's json_schema shape its {@code json_schema}; null when absent. */
    static JsonNode value(JsonNode grammar) {
        JsonNode value = grammar.get("value");
        if (value == null && "json_schema".equals(grammar.path("type").textValue())) value = grammar.get("json_schema");
        return value;
    }

    /**
     * Reads a grammar field as raw JSON and applies {@link #checkShape}, so that a refusal names
     * the field's path ({@code parameters.grammar: ...}). JSON {@code null} reads as {@code null}.
     */
    public static final class ShapeChecked extends StdDeserializer<JsonNode> {
        public ShapeChecked() {
            super(JsonNode.class);
        }

        @Override
        public JsonNode deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            JsonNode node = ctxt.readTree(p);
            try {
                checkShape(node);
            } catch (IllegalArgumentException e) {
                return (JsonNode) ctxt.reportInputMismatch(this, "%s", e.getMessage());
            }
            return node.isNull() ? null : node;
        }
    }
}
