package dev.hearth.worker.generation;

import dev.hearth.engine.batch.GeneratedToken;
import dev.hearth.engine.batch.GenerationResult;

import java.util.List;

/**
 * A finished sequence: its tokens, how it ended, and the seed that produced it.
 *
 * @param others for best_of: the sequences that were not chosen; empty otherwise
 */
public record Completion(List<GeneratedToken> tokens, GenerationResult result, Long seed, List<Completion> others) {

    double meanLogprob() {
        return tokens.stream().mapToDouble(GeneratedToken::logprob).average().orElse(Double.NEGATIVE_INFINITY);
    }
}
