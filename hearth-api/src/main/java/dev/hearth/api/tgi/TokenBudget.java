package dev.hearth.api.tgi;

/**
 * The token counts of a request that passed {@link Validation#validateLength}.
 *
 * <p>Invariants: {@code inputLength <= maxInputTokens}, {@code maxNewTokens >= 1}, and
 * {@code inputLength + maxNewTokens <= maxTotalTokens}, so the engine never needs a context
 * longer than {@code maxTotalTokens}.
 *
 * @param inputLength  prompt tokens to feed: the last {@code inputLength} tokens of the tokenized
 *                     prompt (truncation keeps the end); reported as {@code input_length} and
 *                     {@code prompt_tokens}
 * @param maxNewTokens the stop criterion: the requested {@code max_new_tokens}, or when unset all
 *                     that fits, in both cases capped at {@code maxTotalTokens - inputLength}
 */
public record TokenBudget(int inputLength, int maxNewTokens) {}
