package dev.hearth.client.inference;

import java.util.List;

/** A {@code chat.completion}. {@link #content()} is the first choice's text. */
public record ChatCompletionOutput(String id, String object, long created, String model, String systemFingerprint,
                                  List<Choice> choices, Usage usage) {

    /** One answer; {@code finishReason} is {@code stop}, {@code length}, {@code stop_sequence} or {@code tool_calls}. */
    public record Choice(int index, ChatMessage message, String finishReason) {}

    /** Token counts of the request. */
    public record Usage(int promptTokens, int completionTokens, int totalTokens) {}

    /** The first choice's tool calls, or an empty list when it answered in text. */
    public java.util.List<ToolCall> toolCalls() {
        if (choices.isEmpty() || choices.getFirst().message().toolCalls() == null) return List.of();
        return choices.getFirst().message().toolCalls();
    }

    /** The first choice's message text. */
    public String content() {
        return choices.isEmpty() ? null : choices.getFirst().message().content();
    }
}
