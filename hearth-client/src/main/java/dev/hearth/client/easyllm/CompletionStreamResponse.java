package dev.hearth.client.easyllm;

import java.util.List;

/** One token of a streamed completion ({@code object} {@code text.completion}); there is no final chunk. */
public record CompletionStreamResponse(String id, String object, long created, String model, List<Choice> choices) {

    public CompletionStreamResponse {
        choices = List.copyOf(choices);
    }

    /** The token's text and log-probability. */
    public record Choice(int index, String text, Double logprobs) {}

    public String text() {
        return choices.getFirst().text();
    }
}
