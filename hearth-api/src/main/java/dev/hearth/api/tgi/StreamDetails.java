package dev.hearth.api.tgi;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.hearth.api.json.Unsigned;

/** {@code details} of the last stream event; {@code seed} and {@code cached_tokens} as in {@link Details}. */
@JsonPropertyOrder({"finish_reason", "generated_tokens", "seed", "input_length", "cached_tokens"})
public record StreamDetails(
        @JsonProperty("finish_reason") FinishReason finishReason,
        @JsonProperty("generated_tokens") int generatedTokens,
        @JsonProperty("seed") @JsonSerialize(using = Unsigned.U64Serializer.class) Long seed,
        @JsonProperty("input_length") int inputLength,
        @JsonProperty("cached_tokens") @JsonInclude(JsonInclude.Include.NON_NULL) Integer cachedTokens) {

    public StreamDetails(FinishReason finishReason, int generatedTokens, Long seed, int inputLength) {
        this(finishReason, generatedTokens, seed, inputLength, null);
    }
}
