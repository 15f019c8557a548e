package dev.hearth.api.tgi;

import dev.hearth.api.ApiException;

/**
 * A request refused by TGI's validation: HTTP 422, {@code error_type} {@code validation}.
 *
 * <p>Two texts, on purpose: {@link #getMessage()} is TGI's bare {@code ValidationError} text
 * (e.g. "`temperature` must be strictly positive"), convenient in tests and logs;
 * {@link #error()} and {@link #toErrorResponse()} carry what clients see, with the
 * "Input validation error: " prefix that TGI's {@code InferError::ValidationError} adds. Render
 * with {@code toErrorResponse()} — as the HTTP body, or as the stream event once a stream started.
 *
 * <p>The factories below are the complete catalogue of TGI's texts that Hearth can produce; their
 * wording is copied from {@code router/src/validation.rs} and must not drift.
 */
public final class ValidationException extends ApiException {

    public static final String PREFIX = "Input validation error: ";

    public ValidationException(String reason) {
        super(422, "validation", PREFIX + reason, reason);
    }

    public static ValidationException bestOf(long max, long given) {
        return new ValidationException("`best_of` must be > 0 and <= " + max + ". Given: " + given);
    }

    public static ValidationException bestOfDisabled() {
        return new ValidationException("`best_of` != 1 is not allowed for this endpoint");
    }

    public static ValidationException bestOfSampling() {
        return new ValidationException("you must use sampling when `best_of` is > 1");
    }

    public static ValidationException bestOfSeed() {
        return new ValidationException("`seed` must not be set when `best_of` > 1");
    }

    public static ValidationException bestOfStream() {
        return new ValidationException("`best_of` != 1 is not supported when streaming tokens");
    }

    public static ValidationException topNTokens(long max, long given) {
        return new ValidationException("`top_n_tokens` must be >= 0 and <= " + max + ". Given: " + given);
    }

    public static ValidationException prefillDetailsStream() {
        return new ValidationException("`decoder_input_details` == true is not supported when streaming tokens");
    }

    public static ValidationException temperature() {
        return new ValidationException("`temperature` must be strictly positive");
    }

    public static ValidationException repetitionPenalty() {
        return new ValidationException("`repetition_penalty` must be strictly positive");
    }

    public static ValidationException frequencyPenalty() {
        return new ValidationException("`frequency_penalty` must be >= -2.0 and <= 2.0");
    }

    public static ValidationException topP() {
        return new ValidationException("`top_p` must be > 0.0 and < 1.0");
    }

    public static ValidationException topK() {
        return new ValidationException("`top_k` must be strictly positive");
    }

    public static ValidationException truncate(long maxInputTokens, long given) {
        return new ValidationException("`truncate` must be strictly positive and less than "
                + maxInputTokens + ". Given: " + given);
    }

    public static ValidationException typicalP() {
        return new ValidationException("`typical_p` must be > 0.0 and < 1.0");
    }

    public static ValidationException negativeMaxNewTokens() {
        return new ValidationException("`max_new_tokens` must be strictly positive");
    }

    public static ValidationException maxTotalTokens(long maxTotalTokens, long inputTokens, long maxNewTokens) {
        return new ValidationException("`inputs` tokens + `max_new_tokens` must be <= " + maxTotalTokens
                + ". Given: " + inputTokens + " `inputs` tokens and " + maxNewTokens + " `max_new_tokens`");
    }

    public static ValidationException inputLength(long maxInputTokens, long inputTokens) {
        return new ValidationException("`inputs` must have less than " + maxInputTokens
                + " tokens. Given: " + inputTokens);
    }

    public static ValidationException emptyInput() {
        return new ValidationException("`inputs` cannot be empty");
    }

    public static ValidationException stopSequence(long max, long given) {
        return new ValidationException("`stop` supports up to " + max + " stop sequences. Given: " + given);
    }

    public static ValidationException tokenizer(String detail) {
        return new ValidationException("tokenizer error " + detail);
    }

    public static ValidationException grammarNotSupported() {
        return new ValidationException("grammar is not supported");
    }

    public static ValidationException invalidGrammar(String detail) {
        return new ValidationException("grammar is not valid: " + detail);
    }

    /** Hearth serves text models: an {@code image_url} chat part is refused with TGI's wording. */
    public static ValidationException unsupportedModality(String modality) {
        return new ValidationException(modality + " modality is not supported");
    }
}
