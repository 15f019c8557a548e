package dev.hearth.api.openai;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * A choice of {@code /v1/completions}, final or streamed. {@code index} is the prompt's position.
 * {@code logprobs} is always written; TGI never fills it. {@code finish_reason} is {@code ""} on
 * intermediate stream chunks.
 */
@JsonPropertyOrder({"index", "text", "logprobs", "finish_reason"})
public record CompletionChoice(
        @JsonProperty("index") int index,
        @JsonProperty("text") String text,
        @JsonProperty("logprobs") List<Float> logprobs,
        @JsonProperty("finish_reason") String finishReason) {

    public static CompletionChoice of(int index, String text, String finishReason) {
        return new CompletionChoice(index, text, null, finishReason);
    }
}
