package dev.hearth.api.tgi;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * TGI's error body {@code {"error": "...", "error_type": "..."}}, used both as an HTTP body and,
 * after a stream has started, as a {@code data:} event of the TGI routes. huggingface_hub picks its
 * exception class from {@code error_type}.
 */
public record ErrorResponse(
        @JsonProperty("error") String error,
        @JsonProperty("error_type") String errorType) {

    /** 429 body, when every {@code max_concurrent_requests} permit is taken. */
    public static ErrorResponse overloaded() {
        return new ErrorResponse("Model is overloaded", "overloaded");
    }

    /** 424 body: the engine failed while generating. */
    public static ErrorResponse generation(String detail) {
        return new ErrorResponse("Request failed during generation: " + detail, "generation");
    }

    /** 500 body: generation ended without a final answer. */
    public static ErrorResponse incompleteGeneration() {
        return new ErrorResponse("Incomplete generation", "incomplete_generation");
    }

    /** Stream event when the token stream ends without its last event. */
    public static ErrorResponse incompleteGenerationStream() {
        return new ErrorResponse("Incomplete generation stream", "incomplete_generation_stream");
    }

    /** 503 body of {@code /health} while the model is not ready. */
    public static ErrorResponse unhealthy() {
        return new ErrorResponse("unhealthy", "healthcheck");
    }
}
