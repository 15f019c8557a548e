package dev.hearth.api.openai;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Token counts; invariant {@code total_tokens = prompt_tokens + completion_tokens}. {@code prompt_tokens_details}
 * is OpenAI's: {@code cached_tokens} of the prompt came from the prompt cache; omitted when {@code null}.
 */
public record Usage(
        @JsonProperty("prompt_tokens") int promptTokens,
        @JsonProperty("completion_tokens") int completionTokens,
        @JsonProperty("total_tokens") int totalTokens,
        @JsonProperty("prompt_tokens_details") @JsonInclude(JsonInclude.Include.NON_NULL) PromptTokensDetails promptTokensDetails) {

    public record PromptTokensDetails(@JsonProperty("cached_tokens") int cachedTokens) {}

    public Usage(int promptTokens, int completionTokens, int totalTokens) {
        this(promptTokens, completionTokens, totalTokens, null);
    }

    public static Usage of(int promptTokens, int completionTokens) {
        return new Usage(promptTokens, completionTokens, promptTokens + completionTokens);
    }

    public static Usage of(int promptTokens, int completionTokens, int cachedTokens) {
        return new Usage(promptTokens, completionTokens, promptTokens + completionTokens,
                new PromptTokensDetails(cachedTokens));
    }
}
