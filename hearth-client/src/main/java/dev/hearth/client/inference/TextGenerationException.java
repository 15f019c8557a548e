package dev.hearth.client.inference;

import dev.hearth.client.HearthHttpException;

import java.net.URI;

/**
 * A TGI error, typed by its {@code error_type} as huggingface_hub types them: {@link ValidationException}
 * ({@code validation}), {@link GenerationException} ({@code generation}), {@link OverloadedException}
 * ({@code overloaded}), {@link IncompleteGenerationException} ({@code incomplete_generation}), and
 * {@link UnknownTextGenerationException} for any other type inside an event stream.
 *
 * <p>Raised for an HTTP error answer of a data-plane route, and for an error event inside a 200 stream; then
 * {@link #status()} is the status TGI gives that type outside a stream (422, 424, 429, 500).
 */
public class TextGenerationException extends HearthHttpException {

    protected TextGenerationException(int status, String message, String errorType, String method, URI uri) {
        super(status, message, errorType, method, uri);
    }

    /** The typed exception for a known TGI {@code error_type}, or {@code null} when the type is not TGI's. */
    static TextGenerationException known(int status, String message, String type, String method, URI uri) {
        if (type == null) return null;
        return switch (type) {
            case "validation" -> new ValidationException(status, message, method, uri);
            case "generation" -> new GenerationException(status, message, method, uri);
            case "overloaded" -> new OverloadedException(status, message, method, uri);
            case "incomplete_generation", "incomplete_generation_stream" ->
                    new IncompleteGenerationException(status, message, type, method, uri);
            default -> null;
        };
    }

    /** An error event inside a stream: always typed, unknown types included. */
    static TextGenerationException inStream(String message, String type, String method, URI uri) {
        int status = statusOf(type);
        TextGenerationException e = known(status, message, type, method, uri);
        return e != null ? e : new UnknownTextGenerationException(status, message, type, method, uri);
    }

    /** The status TGI answers an error type with (tgi-api.md §2.5). */
    static int statusOf(String type) {
        if (type == null) return 500;
        return switch (type) {
            case "validation", "template_error", "missing_template_variable", "tool_error" -> 422;
            case "generation" -> 424;
            case "overloaded" -> 429;
            default -> 500;
        };
    }

    /** The error type for a status, for OpenAI-shaped stream errors that carry only {@code http_status_code}. */
    static String typeOf(int status) {
        return switch (status) {
            case 422 -> "validation";
            case 424 -> "generation";
            case 429 -> "overloaded";
            default -> "unknown";
        };
    }
}
