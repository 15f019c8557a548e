package dev.hearth.client;

/** The root of every exception the SDK throws; unchecked, like the SDK's Python counterparts. */
public class HearthException extends RuntimeException {

    public HearthException(String message) {
        super(message);
    }

    public HearthException(String message, Throwable cause) {
        super(message, cause);
    }
}
