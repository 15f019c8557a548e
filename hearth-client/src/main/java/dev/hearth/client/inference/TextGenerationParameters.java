package dev.hearth.client.inference;

import java.util.List;

/**
 * Every parameter of TGI's {@code parameters} object (tgi-api.md §2.1), all optional: {@code null} is left out of
 * the request and the server's default applies. Build with {@link #builder()}.
 *
 * <p>Two rules mirror huggingface_hub: {@code decoderInputDetails} is only sent with {@code details}, and
 * {@code stop} is TGI's {@code stop} (huggingface_hub's deprecated {@code stop_sequences}). One differs: when
 * {@code returnFullText} is unset the client sends {@code false}, so the endpoint URL's {@code POST /} (which
 * defaults to the full text for text-generation models) answers with the continuation only, as the seed guide shows.
 */
public record TextGenerationParameters(
        String adapterId,
        Integer bestOf,
        Boolean decoderInputDetails,
        Boolean details,
        Boolean doSample,
        Double frequencyPenalty,
        Grammar grammar,
        Integer maxNewTokens,
        Double repetitionPenalty,
        Boolean returnFullText,
        Long seed,
        List<String> stop,
        Double temperature,
        Integer topK,
        Integer topNTokens,
        Double topP,
        Integer truncate,
        Double typicalP,
        Boolean watermark) {

    public TextGenerationParameters {
        stop = stop == null ? null : List.copyOf(stop);
    }

    /** No parameters: the server's defaults. */
    public static TextGenerationParameters defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from these values. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.adapterId = adapterId; b.bestOf = bestOf; b.decoderInputDetails = decoderInputDetails; b.details = details;
        b.doSample = doSample; b.frequencyPenalty = frequencyPenalty; b.grammar = grammar; b.maxNewTokens = maxNewTokens;
        b.repetitionPenalty = repetitionPenalty; b.returnFullText = returnFullText; b.seed = seed; b.stop = stop;
        b.temperature = temperature; b.topK = topK; b.topNTokens = topNTokens; b.topP = topP; b.truncate = truncate;
        b.typicalP = typicalP; b.watermark = watermark;
        return b;
    }

    /** What goes on the wire: huggingface_hub's rules applied (see the class comment). */
    TextGenerationParameters forWire() {
        Builder b = toBuilder();
        if (!Boolean.TRUE.equals(details)) b.decoderInputDetails = null;
        if (returnFullText == null) b.returnFullText = false;
        return b.build();
    }

    /** A fluent builder; every setter returns {@code this}. */
    public static final class Builder {
        private String adapterId;
        private Integer bestOf, maxNewTokens, topK, topNTokens, truncate;
        private Boolean decoderInputDetails, details, doSample, returnFullText, watermark;
        private Double frequencyPenalty, repetitionPenalty, temperature, topP, typicalP;
        private Grammar grammar;
        private Long seed;
        private List<String> stop;

        private Builder() {}

        /** A LoRA adapter; an unknown id falls back to the base model. */
        public Builder adapterId(String v) { adapterId = v; return this; }
        /** Generate this many sequences and return the best (needs sampling; not with streaming). */
        public Builder bestOf(Integer v) { bestOf = v; return this; }
        /** Prompt tokens with log-probabilities in {@code details.prefill} (needs {@code details}). */
        public Builder decoderInputDetails(Boolean v) { decoderInputDetails = v; return this; }
        /** Return {@link Details}: finish reason, tokens, seed. */
        public Builder details(Boolean v) { details = v; return this; }
        public Builder doSample(Boolean v) { doSample = v; return this; }
        /** In [-2, 2]. */
        public Builder frequencyPenalty(Double v) { frequencyPenalty = v; return this; }
        public Builder grammar(Grammar v) { grammar = v; return this; }
        /** At least 1; unset lets the server fill the context. */
        public Builder maxNewTokens(Integer v) { maxNewTokens = v; return this; }
        /** Greater than 0; 1.0 is none. */
        public Builder repetitionPenalty(Double v) { repetitionPenalty = v; return this; }
        /** Prepend the prompt to the generated text. */
        public Builder returnFullText(Boolean v) { returnFullText = v; return this; }
        public Builder seed(Long v) { seed = v; return this; }
        /** Stop sequences (at most 4 on TGI's defaults); the match is kept at the end of the text. */
        public Builder stop(List<String> v) { stop = v; return this; }
        /** Strictly positive; implies sampling. */
        public Builder temperature(Double v) { temperature = v; return this; }
        public Builder topK(Integer v) { topK = v; return this; }
        /** Alternatives per position in the details (at most 5). */
        public Builder topNTokens(Integer v) { topNTokens = v; return this; }
        /** Strictly between 0 and 1. */
        public Builder topP(Double v) { topP = v; return this; }
        /** Keep only the last this-many prompt tokens. */
        public Builder truncate(Integer v) { truncate = v; return this; }
        /** Strictly between 0 and 1. */
        public Builder typicalP(Double v) { typicalP = v; return this; }
        public Builder watermark(Boolean v) { watermark = v; return this; }

        public TextGenerationParameters build() {
            return new TextGenerationParameters(adapterId, bestOf, decoderInputDetails, details, doSample,
                    frequencyPenalty, grammar, maxNewTokens, repetitionPenalty, returnFullText, seed, stop, temperature,
                    topK, topNTokens, topP, truncate, typicalP, watermark);
        }
    }
}
