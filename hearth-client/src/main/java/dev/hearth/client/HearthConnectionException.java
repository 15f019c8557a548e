package dev.hearth.client;

/** The server could not be reached, or the connection broke, or no answer came within the request timeout. */
public class HearthConnectionException extends HearthException {

    private final boolean timedOut;

    public HearthConnectionException(String message, Throwable cause, boolean timedOut) {
        super(message, cause);
        this.timedOut = timedOut;
    }

    /** True when the request timed out (rather than being refused or cut). */
    public boolean timedOut() {
        return timedOut;
    }
}
