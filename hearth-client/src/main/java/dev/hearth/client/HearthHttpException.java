package dev.hearth.client;

import java.net.URI;
import java.util.Optional;

/**
 * The server answered with an error status. Carries the status, the server's own message (the HF error shape:
 * {@code X-Error-Message}, or the JSON {@code error}, or the body text) and its {@code error_type} when it sent one.
 *
 * <p>Subclasses name the statuses callers branch on: {@link BadRequestException} (400, 422),
 * {@link UnauthorizedException} (401, 403), {@link NotFoundException} (404), {@link ConflictException} (409),
 * {@link ServiceUnavailableException} (503). Text-generation errors have their own family,
 * {@code dev.hearth.client.inference.TextGenerationException}.
 */
public class HearthHttpException extends HearthException {

    private final int status;
    private final String serverMessage;
    private final String errorType;
    private final String method;
    private final URI uri;

    public HearthHttpException(int status, String serverMessage, String errorType, String method, URI uri) {
        super("HTTP " + status + " from " + method + " " + uri + ": " + serverMessage);
        this.status = status;
        this.serverMessage = serverMessage;
        this.errorType = errorType;
        this.method = method;
        this.uri = uri;
    }

    /** The HTTP status. For an error that arrived inside a 200 event stream: the status TGI gives that error type. */
    public int status() {
        return status;
    }

    /** The server's message alone, e.g. {@code Endpoint alice/demo not found}. */
    public String serverMessage() {
        return serverMessage;
    }

    /** The body's {@code error_type}, e.g. {@code validation} or {@code scale_up_timeout}, when there was one. */
    public Optional<String> errorType() {
        return Optional.ofNullable(errorType);
    }

    /** The request's method. */
    public String method() {
        return method;
    }

    /** The request's URI. */
    public URI uri() {
        return uri;
    }
}
