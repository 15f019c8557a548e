package dev.hearth.api.openai;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Token counts; invariant {@code total_tokens = prompt_tokens + completion_tokens}. */
public record Usage(
        @JsonProperty("prompt_tokens") int promptTokens,
        @JsonProperty("completion_tokens") int completionTokens,
        @JsonProperty("total_tokens") int totalTokens) {

    public static Usage of(int promptTokens, int completionTokens) {
        return new Usage(promptTokens, completionTokens, promptTokens + completionTokens);
    }
}
