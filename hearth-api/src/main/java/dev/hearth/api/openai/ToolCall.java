package dev.hearth.api.openai;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A tool call in a non-streaming assistant message:
 * {@code {"id":"0","type":"function","function":{"description":null,"name":..,"arguments":"<json text>"}}}.
 * {@code arguments} is JSON <em>text</em>, as TGI serializes it.
 */
public record ToolCall(
        @JsonProperty("id") String id,
        @JsonProperty("type") String type,
        @JsonProperty("function") Function function) {

    public static ToolCall function(String id, String name, String arguments) {
        return new ToolCall(id, "function", new Function(null, name, arguments));
    }

    public record Function(
            @JsonProperty("description") String description,
            @JsonProperty("name") String name,
            @JsonProperty("arguments") String arguments) {}
}
