package dev.hearth.api.tgi;

/**
 * The server-wide limits that validation checks against (TGI launcher options).
 *
 * <p>Invariant, as the TGI launcher enforces: {@code 0 < maxInputTokens < maxTotalTokens}, so a
 * request that passes {@link Validation#validateLength} always has room for at least one new token.
 *
 * @param maxStopSequences   TGI default 4
 * @param maxBestOf          TGI default 2; 1 disables {@code best_of}
 * @param maxTopNTokens      TGI default 5
 * @param maxClientBatchSize TGI default 4: prompts per {@code /v1/completions} call
 * @param grammarSupported   false mirrors {@code --disable-grammar-support}
 */
public record Limits(
        int maxInputTokens,
        int maxTotalTokens,
        int maxStopSequences,
        int maxBestOf,
        int maxTopNTokens,
        int maxClientBatchSize,
        boolean grammarSupported) {

    public static final int DEFAULT_MAX_STOP_SEQUENCES = 4;
    public static final int DEFAULT_MAX_BEST_OF = 2;
    public static final int DEFAULT_MAX_TOP_N_TOKENS = 5;
    public static final int DEFAULT_MAX_CLIENT_BATCH_SIZE = 4;

    public Limits {
        if (maxInputTokens <= 0 || maxInputTokens >= maxTotalTokens) {
            throw new IllegalArgumentException("need 0 < maxInputTokens < maxTotalTokens, got "
                    + maxInputTokens + " and " + maxTotalTokens);
        }
        if (maxStopSequences < 0 || maxBestOf < 1 || maxTopNTokens < 0 || maxClientBatchSize < 1) {
            throw new IllegalArgumentException("negative limit, or maxBestOf / maxClientBatchSize below 1");
        }
    }

    /** The given token limits with TGI's defaults for everything else, grammar supported. */
    public static Limits of(int maxInputTokens, int maxTotalTokens) {
        return new Limits(maxInputTokens, maxTotalTokens, DEFAULT_MAX_STOP_SEQUENCES, DEFAULT_MAX_BEST_OF,
                DEFAULT_MAX_TOP_N_TOKENS, DEFAULT_MAX_CLIENT_BATCH_SIZE, true);
    }
}
