package dev.hearth.server.http;

/**
 * A control-API request refused: answered with {@code status} and the Hub's error body {@code {"error": message}}.
 */
public final class ControlApiException extends RuntimeException {

    private final int status;

    public ControlApiException(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    public int status() {
        return status;
    }

    public static ControlApiException badRequest(String message) {
        return new ControlApiException(400, message);
    }

    public static ControlApiException notFound(String message) {
        return new ControlApiException(404, message);
    }
}
