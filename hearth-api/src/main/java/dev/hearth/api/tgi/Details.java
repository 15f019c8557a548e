package dev.hearth.api.tgi;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.hearth.api.json.Unsigned;
import java.util.List;

/**
 * {@code details} of a non-streaming answer, present only when the request asked for
 * {@code details} or {@code decoder_input_details}.
 *
 * <p>{@code seed}: the seed actually used when the request was sampled (TGI draws a random one when
 * none was given), {@code null} when it was decoded greedily; a u64, see {@link Unsigned}.
 * {@code prefill} is empty unless {@code decoder_input_details}. {@code best_of_sequences} is
 * omitted when {@code null} (i.e. unless {@code best_of > 1}); {@code top_tokens} is omitted when
 * empty (i.e. unless {@code top_n_tokens > 0}).
 *
 * <p>{@code cached_tokens} is Hearth's addition (TGI ignores unknown fields, and its clients tolerate them): how many
 * prompt tokens came from the prompt cache instead of being prefilled; omitted when {@code null}.
 */
@JsonPropertyOrder({"finish_reason", "generated_tokens", "seed", "prefill", "tokens", "best_of_sequences", "top_tokens",
        "cached_tokens"})
public record Details(
        @JsonProperty("finish_reason") FinishReason finishReason,
        @JsonProperty("generated_tokens") int generatedTokens,
        @JsonProperty("seed") @JsonSerialize(using = Unsigned.U64Serializer.class) Long seed,
        @JsonProperty("prefill") List<PrefillToken> prefill,
        @JsonProperty("tokens") List<Token> tokens,
        @JsonProperty("best_of_sequences") @JsonInclude(JsonInclude.Include.NON_NULL)
                List<BestOfSequence> bestOfSequences,
        @JsonProperty("top_tokens") @JsonInclude(JsonInclude.Include.NON_EMPTY) List<List<Token>> topTokens,
        @JsonProperty("cached_tokens") @JsonInclude(JsonInclude.Include.NON_NULL) Integer cachedTokens) {

    public Details(FinishReason finishReason, int generatedTokens, Long seed, List<PrefillToken> prefill,
                   List<Token> tokens, List<BestOfSequence> bestOfSequences, List<List<Token>> topTokens) {
        this(finishReason, generatedTokens, seed, prefill, tokens, bestOfSequences, topTokens, null);
    }

    public Details {
        prefill = prefill == null ? List.of() : List.copyOf(prefill);
        tokens = tokens == null ? List.of() : List.copyOf(tokens);
        bestOfSequences = bestOfSequences == null ? null : List.copyOf(bestOfSequences);
        topTokens = topTokens == null ? List.of() : List.copyOf(topTokens);
    }
}
