package dev.hearth.client.inference;

import java.util.List;
import java.util.Objects;

/**
 * One chat turn: {@code system}, {@code user}, {@code assistant} or {@code tool}, and its text. An assistant's
 * answer may carry {@code toolCalls} instead of text; a {@code tool} message answers the call {@code toolCallId}.
 */
public record ChatMessage(String role, String content, List<ToolCall> toolCalls, String toolCallId) {

    public ChatMessage {
        Objects.requireNonNull(role, "role");
        toolCalls = toolCalls == null ? null : List.copyOf(toolCalls);
    }

    public ChatMessage(String role, String content) {
        this(role, content, null, null);
    }

    /** The result of the call {@code toolCallId}, for the next turn. */
    public static ChatMessage tool(String toolCallId, String content) { return new ChatMessage("tool", content, null, toolCallId); }

    public static ChatMessage system(String content) { return new ChatMessage("system", content); }
    public static ChatMessage user(String content) { return new ChatMessage("user", content); }
    public static ChatMessage assistant(String content) { return new ChatMessage("assistant", content); }
}
