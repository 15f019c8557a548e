package dev.hearth.client.easyllm;

import dev.hearth.client.inference.ChatMessage;

import java.util.List;

/**
 * EasyLLM's {@code ChatCompletionResponse}: {@code object} is {@code chat.completion}, {@code id} is
 * {@code hf-<nanoid>}, {@code model} the requested model ({@code null} when none).
 */
public record ChatCompletionResponse(String id, String object, long created, String model, List<Choice> choices,
                                     Usage usage) {

    public ChatCompletionResponse {
        choices = List.copyOf(choices);
    }

    /** One answer; {@code finishReason} is TGI's: {@code length}, {@code eos_token} or {@code stop_sequence}. */
    public record Choice(int index, ChatMessage message, String finishReason) {}

    /** The first choice's text. */
    public String content() {
        return choices.getFirst().message().content();
    }
}
