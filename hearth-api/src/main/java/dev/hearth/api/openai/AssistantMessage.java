package dev.hearth.api.openai;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * {@code choices[].message} of a chat completion: {@code {"role":"assistant","content":...}} or,
 * for a tool call, {@code {"role":"assistant","tool_calls":[...]}}. Exactly one of
 * {@code content} and {@code tool_calls} is present.
 */
public record AssistantMessage(
        @JsonProperty("role") String role,
        @JsonProperty("content") @JsonInclude(JsonInclude.Include.NON_NULL) String content,
        @JsonProperty("tool_calls") @JsonInclude(JsonInclude.Include.NON_NULL) List<ToolCall> toolCalls) {

    public AssistantMessage {
        if ((content == null) == (toolCalls == null)) {
            throw new IllegalArgumentException("an assistant message has content or tool_calls");
        }
        toolCalls = toolCalls == null ? null : List.copyOf(toolCalls);
    }

    public static AssistantMessage text(String content) {
        return new AssistantMessage("assistant", content, null);
    }

    public static AssistantMessage toolCalls(List<ToolCall> toolCalls) {
        return new AssistantMessage("assistant", null, toolCalls);
    }
}
