package dev.hearth.client.inference;

import java.util.List;

/**
 * {@code details} of a non-streamed generation.
 *
 * @param finishReason    {@code length}, {@code eos_token} or {@code stop_sequence}
 * @param seed            the sampling seed, {@code null} for greedy decoding
 * @param prefill         prompt tokens, with {@code decoder_input_details} only (else empty)
 * @param topTokens       per position, the {@code top_n_tokens} alternatives ({@code null} unless asked)
 * @param bestOfSequences the other candidates when {@code best_of > 1}, else {@code null}
 */
public record Details(String finishReason, int generatedTokens, Long seed, List<PrefillToken> prefill,
                      List<Token> tokens, List<List<Token>> topTokens, List<BestOfSequence> bestOfSequences) {}
