package dev.hearth.api.openai;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * {@code choices[].delta} of a chat chunk. Invariant: {@code role} is always {@code "assistant"}
 * (TGI sends no role-only first chunk); exactly one of {@code content} and {@code tool_calls} is
 * present. A special token (EOS) gives {@code content: ""}.
 */
public record ChatDelta(
        @JsonProperty("role") String role,
        @JsonProperty("content") @JsonInclude(JsonInclude.Include.NON_NULL) String content,
        @JsonProperty("tool_calls") @JsonInclude(JsonInclude.Include.NON_NULL) List<ToolCallDelta> toolCalls) {

    public ChatDelta {
        if ((content == null) == (toolCalls == null)) {
            throw new IllegalArgumentException("a delta has content or tool_calls");
        }
        toolCalls = toolCalls == null ? null : List.copyOf(toolCalls);
    }

    public static ChatDelta content(String content) {
        return new ChatDelta("assistant", content, null);
    }

    public static ChatDelta toolCall(ToolCallDelta call) {
        return new ChatDelta("assistant", null, List.of(call));
    }

    /**
     * {@code {"index":0,"id":"<n>","type":"function","function":{"name":..|null,"arguments":"<fragment>"}}}:
     * {@code name} is written (possibly {@code null}), {@code arguments} is a text fragment.
     */
    public record ToolCallDelta(
            @JsonProperty("index") int index,
            @JsonProperty("id") String id,
            @JsonProperty("type") String type,
            @JsonProperty("function") Function function) {

        public record Function(@JsonProperty("name") String name, @JsonProperty("arguments") String arguments) {}
    }
}
