package dev.hearth.api.tgi;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * Parameters after {@link Validation#validateParameters}: every default applied, every range
 * checked. What is still open needs the token count: see {@link Validation#validateLength}.
 *
 * @param doSample          the <em>effective</em> decision to sample, as TGI's Python
 *                          {@code NextTokenChooser} takes it: the request's {@code do_sample}, or
 *                          any warper away from its neutral value ({@code temperature != 1},
 *                          {@code top_k != 0}, {@code top_p < 1}, {@code typical_p < 1}). False
 *                          means greedy decoding, and then {@code details.seed} is {@code null}.
 * @param temperature       1.0 when unset
 * @param topK              0 (off) when unset
 * @param topP              1.0 (off) when unset
 * @param typicalP          1.0 (off) when unset
 * @param repetitionPenalty 1.0 (none) when unset
 * @param frequencyPenalty  0.0 (none) when unset
 * @param maxNewTokens      as requested, {@code null} for "as many as fit"; the effective value
 *                          comes from {@link Validation#validateLength}
 * @param stop              at most {@link Limits#maxStopSequences()} stop sequences
 * @param truncate          keep only the last {@code truncate} prompt tokens; {@code null} for all
 * @param seed              the requested seed (u64 bits), {@code null} for "draw one at random"
 * @param returnFullText    as requested; {@code null} lets the route decide (false on
 *                          {@code /generate}, pipeline-dependent on {@code POST /})
 * @param bestOf            1 unless the request asked for more; never above
 *                          {@link Limits#maxBestOf()}
 * @param grammar           the raw grammar, shape-checked; pass to {@link Validation#validateGrammar}
 *                          after the length check, where TGI checks it
 */
public record ValidatedParameters(
        boolean doSample,
        float temperature,
        int topK,
        float topP,
        float typicalP,
        float repetitionPenalty,
        float frequencyPenalty,
        Long maxNewTokens,
        List<String> stop,
        Integer truncate,
        Long seed,
        boolean watermark,
        boolean details,
        boolean decoderInputDetails,
        int topNTokens,
        Boolean returnFullText,
        int bestOf,
        JsonNode grammar,
        String adapterId) {

    public ValidatedParameters {
        stop = List.copyOf(stop);
    }
}
