package dev.hearth.client;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * A 503: typically an endpoint still waking from scale-to-zero past the gateway's wait, with a {@code Retry-After}
 * and an {@code estimated_time}. {@code InferenceClient} retries these itself within its retry budget.
 */
public class ServiceUnavailableException extends HearthHttpException {

    private final Duration retryAfter;

    public ServiceUnavailableException(String serverMessage, String errorType, Duration retryAfter, String method, URI uri) {
        super(503, serverMessage, errorType, method, uri);
        this.retryAfter = retryAfter;
    }

    /** How long the server asked to wait ({@code Retry-After}, else {@code estimated_time}), when it said. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
