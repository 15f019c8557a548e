package dev.hearth.embed.service;

import dev.hearth.api.ApiException;

/**
 * TEI's error kinds ({@code router/src/lib.rs ErrorType}), each with TEI's status, as {@link ApiException}s so the
 * HTTP layer renders them in one place: {@code {"error","error_type"}} natively, {@code {"message","code","type"}}
 * on the OpenAI routes. The texts are TEI's, prefixes included ("Input validation error: " comes from TEI's
 * core error, so server-side checks such as the client batch size have none).
 */
public final class TeiError {

    private TeiError() {}

    public static ApiException empty(String detail) {
        return new ApiException(400, "Empty", detail);
    }

    /** An empty input seen by the tokenizer stage: TEI's core {@code Empty} error, with its prefix. */
    public static ApiException emptyInput() {
        return empty("Input validation error: `inputs` cannot be empty");
    }

    /** A request-level rule (client batch size): no prefix, as TEI's router writes it. */
    public static ApiException validation(String detail) {
        return new ApiException(422, "Validation", detail);
    }

    /** A per-input rule checked during tokenization (length, prompt name, dimensions). */
    public static ApiException inputValidation(String detail) {
        return validation("Input validation error: " + detail);
    }

    public static ApiException tokenizer(String detail) {
        return new ApiException(422, "Tokenizer", "tokenizer error " + detail);
    }

    public static ApiException overloaded() {
        return new ApiException(429, "Overloaded", "Model is overloaded");
    }

    public static ApiException backend(String detail) {
        return new ApiException(424, "Backend", "Backend error: " + detail);
    }

    public static ApiException unhealthy() {
        return new ApiException(503, "Unhealthy", "unhealthy");
    }

    /** The {@code te_request_failure} label TEI uses for each kind. */
    public static String failureLabel(ApiException e) {
        return switch (e.errorType()) {
            case "Overloaded" -> "overloaded";
            case "Tokenizer" -> "tokenization";
            case "Backend" -> "inference";
            default -> e.error().startsWith("batch size") ? "batch_size" : "validation";
        };
    }
}
