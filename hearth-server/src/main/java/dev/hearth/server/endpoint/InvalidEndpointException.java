package dev.hearth.server.endpoint;

/** A create or update payload that cannot be accepted; the message says what is wrong and what would be valid. */
public final class InvalidEndpointException extends RuntimeException {
    public InvalidEndpointException(String message) {
        super(message, null, false, false);
    }
}
