package dev.hearth.api.tgi;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.hearth.api.json.NotNull;
import dev.hearth.api.json.Unsigned;
import java.util.List;

/**
 * TGI's {@code GenerateParameters} (tgi-api.md §2.1), as received: nothing here is validated yet
 * (see {@link Validation}).
 *
 * <p>Nullability follows the Rust struct exactly, because old clients send every field, unset ones
 * as {@code null}:
 * <ul>
 *   <li>{@code Option<_>} fields are boxed and accept {@code null};</li>
 *   <li>{@code do_sample}, {@code watermark}, {@code details}, {@code decoder_input_details} are
 *       plain {@code bool} in TGI: missing means {@code false}, {@code null} is a 422;</li>
 *   <li>{@code stop} is a plain {@code Vec} in TGI (null is a 422 there); Hearth accepts
 *       {@code null} as {@code []} because some clients send it (clients.md §2). A {@code null}
 *       <em>element</em> is still refused.</li>
 * </ul>
 * Unsigned Rust integers are held in {@code Long} ({@link Unsigned}); {@code seed} may hold a u64
 * above {@link Long#MAX_VALUE} as its bit pattern. {@code grammar} is kept as raw JSON and checked
 * by {@link Validation#validateGrammar}; a JSON {@code null} grammar reads as Java {@code null}.
 */
public record GenerateParameters(
        @JsonProperty("best_of") @JsonDeserialize(using = Unsigned.USize.class) Long bestOf,
        @JsonProperty("temperature") Float temperature,
        @JsonProperty("repetition_penalty") Float repetitionPenalty,
        @JsonProperty("frequency_penalty") Float frequencyPenalty,
        @JsonProperty("top_k") Integer topK,
        @JsonProperty("top_p") Float topP,
        @JsonProperty("typical_p") Float typicalP,
        @JsonProperty("do_sample") @JsonDeserialize(using = NotNull.class) boolean doSample,
        @JsonProperty("max_new_tokens") @JsonDeserialize(using = Unsigned.U32.class) Long maxNewTokens,
        @JsonProperty("return_full_text") Boolean returnFullText,
        @JsonProperty("stop") @JsonSetter(contentNulls = Nulls.FAIL) List<String> stop,
        @JsonProperty("truncate") @JsonDeserialize(using = Unsigned.USize.class) Long truncate,
        @JsonProperty("watermark") @JsonDeserialize(using = NotNull.class) boolean watermark,
        @JsonProperty("details") @JsonDeserialize(using = NotNull.class) boolean details,
        @JsonProperty("decoder_input_details") @JsonDeserialize(using = NotNull.class) boolean decoderInputDetails,
        @JsonProperty("seed") @JsonDeserialize(using = Unsigned.U64.class)
                @JsonSerialize(using = Unsigned.U64Serializer.class) Long seed,
        @JsonProperty("top_n_tokens") @JsonDeserialize(using = Unsigned.U32.class) Long topNTokens,
        @JsonProperty("grammar") @JsonDeserialize(using = Grammar.ShapeChecked.class) JsonNode grammar,
        @JsonProperty("adapter_id") String adapterId) {

    public GenerateParameters {
        stop = stop == null ? List.of() : List.copyOf(stop);
        if (grammar != null && (grammar.isNull() || grammar.isMissingNode())) {
            grammar = null;
        }
        Grammar.checkShape(grammar);
    }

    /**
     * TGI's {@code default_parameters()}: what a request gets when the whole {@code parameters}
     * object is <em>omitted</em>. It differs from an empty {@code "parameters": {}} in one field:
     * {@code do_sample} is {@code true} here, {@code false} there (serde's bool default).
     */
    public static GenerateParameters whenOmitted() {
        return builder().doSample(true).build();
    }

    /** All fields unset, as {@code "parameters": {}} reads ({@code do_sample=false}). */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder preset with this record's values. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.bestOf = bestOf; b.temperature = temperature; b.repetitionPenalty = repetitionPenalty;
        b.frequencyPenalty = frequencyPenalty; b.topK = topK; b.topP = topP; b.typicalP = typicalP;
        b.doSample = doSample; b.maxNewTokens = maxNewTokens; b.returnFullText = returnFullText;
        b.stop = stop; b.truncate = truncate; b.watermark = watermark; b.details = details;
        b.decoderInputDetails = decoderInputDetails; b.seed = seed; b.topNTokens = topNTokens;
        b.grammar = grammar; b.adapterId = adapterId;
        return b;
    }

    /** Mutable builder for code that assembles parameters (the OpenAI mappings, tests). */
    public static final class Builder {
        private Long bestOf;
        private Float temperature;
        private Float repetitionPenalty;
        private Float frequencyPenalty;
        private Integer topK;
        private Float topP;
        private Float typicalP;
        private boolean doSample;
        private Long maxNewTokens;
        private Boolean returnFullText;
        private List<String> stop = List.of();
        private Long truncate;
        private boolean watermark;
        private boolean details;
        private boolean decoderInputDetails;
        private Long seed;
        private Long topNTokens;
        private JsonNode grammar;
        private String adapterId;

        private Builder() {}

        public Builder bestOf(Long v) { bestOf = v; return this; }
        public Builder temperature(Float v) { temperature = v; return this; }
        public Builder repetitionPenalty(Float v) { repetitionPenalty = v; return this; }
        public Builder frequencyPenalty(Float v) { frequencyPenalty = v; return this; }
        public Builder topK(Integer v) { topK = v; return this; }
        public Builder topP(Float v) { topP = v; return this; }
        public Builder typicalP(Float v) { typicalP = v; return this; }
        public Builder doSample(boolean v) { doSample = v; return this; }
        public Builder maxNewTokens(Long v) { maxNewTokens = v; return this; }
        public Builder returnFullText(Boolean v) { returnFullText = v; return this; }
        public Builder stop(List<String> v) { stop = v; return this; }
        public Builder truncate(Long v) { truncate = v; return this; }
        public Builder watermark(boolean v) { watermark = v; return this; }
        public Builder details(boolean v) { details = v; return this; }
        public Builder decoderInputDetails(boolean v) { decoderInputDetails = v; return this; }
        public Builder seed(Long v) { seed = v; return this; }
        public Builder topNTokens(Long v) { topNTokens = v; return this; }
        public Builder grammar(JsonNode v) { grammar = v; return this; }
        public Builder adapterId(String v) { adapterId = v; return this; }

        public GenerateParameters build() {
            return new GenerateParameters(bestOf, temperature, repetitionPenalty, frequencyPenalty, topK,
                    topP, typicalP, doSample, maxNewTokens, returnFullText, stop, truncate, watermark,
                    details, decoderInputDetails, seed, topNTokens, grammar, adapterId);
        }
    }
}
