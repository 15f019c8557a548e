package dev.hearth.api.tgi;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.hearth.api.json.Unsigned;
import java.util.List;

/**
 * One of the other {@code best_of} candidates, in {@code details.best_of_sequences}.
 * {@code generated_text} is prompt-prefixed when {@code return_full_text}; {@code top_tokens} is
 * omitted when empty.
 */
@JsonPropertyOrder({"generated_text", "finish_reason", "generated_tokens", "seed", "prefill", "tokens", "top_tokens"})
public record BestOfSequence(
        @JsonProperty("generated_text") String generatedText,
        @JsonProperty("finish_reason") FinishReason finishReason,
        @JsonProperty("generated_tokens") int generatedTokens,
        @JsonProperty("seed") @JsonSerialize(using = Unsigned.U64Serializer.class) Long seed,
        @JsonProperty("prefill") List<PrefillToken> prefill,
        @JsonProperty("tokens") List<Token> tokens,
        @JsonProperty("top_tokens") @JsonInclude(JsonInclude.Include.NON_EMPTY) List<List<Token>> topTokens) {

    public BestOfSequence {
        prefill = prefill == null ? List.of() : List.copyOf(prefill);
        tokens = tokens == null ? List.of() : List.copyOf(tokens);
        topTokens = topTokens == null ? List.of() : List.copyOf(topTokens);
    }
}
