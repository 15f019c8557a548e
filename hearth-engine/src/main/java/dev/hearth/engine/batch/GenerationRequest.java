package dev.hearth.engine.batch;

import dev.hearth.engine.constraint.Constraint;
import dev.hearth.engine.sampling.SamplingParams;

import java.util.List;

/**
 * One sequence to generate.
 *
 * @param prompt          prompt tokens, already truncated and validated against the limits
 * @param maxNewTokens    generation stops with LENGTH after this many tokens
 * @param stop            stop sequences (text)
 * @param topNTokens      alternatives to report per generated token (0 = none)
 * @param promptLogprobs  report each prompt token's logprob (TGI's decoder_input_details)
 * @param constraint      a grammar every generated token must follow, or null; when it is complete only
 *                        end-of-generation may follow
 */
public record GenerationRequest(
        int[] prompt,
        SamplingParams sampling,
        int maxNewTokens,
        List<String> stop,
        int topNTokens,
        boolean promptLogprobs,
        Constraint constraint) {

    /** A request without a constraint. */
    public GenerationRequest(int[] prompt, SamplingParams sampling, int maxNewTokens, List<String> stop, int topNTokens,
                             boolean promptLogprobs) {
        this(prompt, sampling, maxNewTokens, stop, topNTokens, promptLogprobs, null);
    }

    public GenerationRequest {
        if (prompt.length == 0) throw new IllegalArgumentException("empty prompt");
        if (maxNewTokens <= 0) throw new IllegalArgumentException("maxNewTokens must be positive");
        stop = List.copyOf(stop);
    }
}
