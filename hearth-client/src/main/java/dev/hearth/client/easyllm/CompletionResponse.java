package dev.hearth.client.easyllm;

import dev.hearth.client.inference.Token;

import java.util.List;

/**
 * EasyLLM's completion response. {@code object} is {@code text.completion} (EasyLLM's spelling, not OpenAI's
 * {@code text_completion}).
 */
public record CompletionResponse(String id, String object, long created, String model, List<Choice> choices,
                                 Usage usage) {

    public CompletionResponse {
        choices = List.copyOf(choices);
    }

    /** One completion; {@code logprobs} are TGI's detail tokens when asked for, else {@code null}. */
    public record Choice(int index, String text, String finishReason, List<Token> logprobs) {}

    /** The first choice's text. */
    public String text() {
        return choices.getFirst().text();
    }
}
