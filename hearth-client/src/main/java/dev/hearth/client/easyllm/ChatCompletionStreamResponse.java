package dev.hearth.client.easyllm;

import java.util.List;

/**
 * One chunk of a streamed chat completion ({@code object} {@code chat.completion.chunk}): first a chunk whose delta
 * has only the role, then one per token, then a last one with an empty delta and {@code finishReason}
 * ({@code stop} or {@code length}: OpenAI's values, which EasyLLM's stream schema requires).
 */
public record ChatCompletionStreamResponse(String id, String object, long created, String model,
                                           List<Choice> choices) {

    public ChatCompletionStreamResponse {
        choices = List.copyOf(choices);
    }

    public record Choice(int index, Delta delta, String finishReason) {}

    /** {@code role} on the first chunk, {@code content} on token chunks, neither on the last. */
    public record Delta(String role, String content) {}

    /** This chunk's text, {@code ""} when it has none. */
    public String content() {
        String c = choices.getFirst().delta().content();
        return c == null ? "" : c;
    }
}
