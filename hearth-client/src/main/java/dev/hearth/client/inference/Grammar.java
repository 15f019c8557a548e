package dev.hearth.client.inference;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.client.internal.Json;

/**
 * TGI's {@code grammar}: constrained decoding to a JSON schema or a regular expression.
 *
 * @param type  {@code json}, {@code json_object}, {@code regex} or {@code json_schema}
 * @param value the schema (a JSON tree), the pattern, a {@code {"name","schema"}} config, or null (json_object)
 */
public record Grammar(String type, JsonNode value) {

    /** Output must match this JSON schema (a map, a record, a JSON tree...). */
    public static Grammar json(Object schema) {
        return new Grammar("json", Json.PLAIN.valueToTree(schema));
    }

    /** OpenAI's {@code {"type":"json_object"}}: any JSON object. */
    public static Grammar jsonObject() {
        return new Grammar("json_object", null);
    }

    /** OpenAI's named {@code json_schema} (sent in TGI's {@code {"type":"json_schema","value":{"name","schema"}}}). */
    public static Grammar jsonSchema(String name, Object schema) {
        var config = Json.PLAIN.createObjectNode().put("name", name);
        config.set("schema", Json.PLAIN.valueToTree(schema));
        return new Grammar("json_schema", config);
    }

    /** Output must match this regular expression. */
    public static Grammar regex(String pattern) {
        return new Grammar("regex", Json.PLAIN.getNodeFactory().textNode(pattern));
    }
}
