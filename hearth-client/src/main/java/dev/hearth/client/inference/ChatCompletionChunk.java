package dev.hearth.client.inference;

import java.util.List;

/** One {@code chat.completion.chunk} of a streamed chat completion. */
public record ChatCompletionChunk(String id, String object, long created, String model, List<Choice> choices,
                                  ChatCompletionOutput.Usage usage) {

    /** A delta: the next piece of text; {@code finishReason} is set on the last chunk. */
    public record Choice(int index, Delta delta, String finishReason) {}

    /** What this chunk adds: text, or a piece of a tool call. */
    public record Delta(String role, String content, List<ToolCall> toolCalls) {}

    /** This chunk's text ({@code ""} when it carries none). */
    public String content() {
        if (choices == null || choices.isEmpty() || choices.getFirst().delta() == null) return "";
        String c = choices.getFirst().delta().content();
        return c == null ? "" : c;
    }
}
