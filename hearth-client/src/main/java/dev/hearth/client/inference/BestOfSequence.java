package dev.hearth.client.inference;

import java.util.List;

/** One of the other candidates when {@code best_of > 1}. */
public record BestOfSequence(String generatedText, String finishReason, int generatedTokens, Long seed,
                             List<PrefillToken> prefill, List<Token> tokens, List<List<Token>> topTokens) {}
