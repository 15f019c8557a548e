package dev.hearth.embed.service;

import dev.hearth.embed.engine.Tokens;

import java.util.Optional;

/**
 * Per-request options of {@code /embed}, {@code /embed_all} and {@code /v1/embeddings}, with TEI's defaults already
 * applied by the caller.
 *
 * @param truncate   cut inputs longer than max_input_length instead of refusing them
 * @param side       which end truncation removes
 * @param promptName a key of the model's sentence-transformers {@code prompts}, prepended to each text
 * @param normalize  L2-normalize each pooled vector (after {@code dimensions})
 * @param dimensions keep only the first N components (Matryoshka models)
 */
public record EmbedParams(boolean truncate, Tokens.Side side, Optional<String> promptName, boolean normalize,
                          Optional<Integer> dimensions) {
}
