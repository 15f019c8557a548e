package dev.hearth.server.endpoint;

/**
 * An update lost the race for the endpoint's row too many times in a row (another control plane instance kept
 * writing it): nothing was changed, and the client should read the endpoint again and retry (HTTP 409).
 */
public final class ConcurrentChangeException extends RuntimeException {
    public ConcurrentChangeException(EndpointId id) {
        super("Endpoint " + id + " was changed concurrently; nothing was applied: retry the request", null, false, false);
    }
}
