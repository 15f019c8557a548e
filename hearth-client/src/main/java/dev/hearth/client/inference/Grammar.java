package dev.hearth.client.inference;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.client.internal.Json;

/**
 * TGI's {@code grammar}: constrained decoding to a JSON schema or a regular expression.
 *
 * @param type  {@code json}, {@code regex} or {@code json_schema}
 * @param value the schema (a JSON tree) or the pattern
 */
public record Grammar(String type, JsonNode value) {

    /** Output must match this JSON schema (a map, a record, a JSON tree...). */
    public static Grammar json(Object schema) {
        return new Grammar("json", Json.PLAIN.valueToTree(schema));
    }

    /** Output must match this regular expression. */
    public static Grammar regex(String pattern) {
        return new Grammar("regex", Json.PLAIN.getNodeFactory().textNode(pattern));
    }
}
