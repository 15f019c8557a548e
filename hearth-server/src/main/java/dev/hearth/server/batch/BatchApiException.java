package dev.hearth.server.batch;

/**
 * A refusal of a {@code /v1/files} or {@code /v1/batches} request, written in OpenAI's error shape
 * {@code {"error":{"message","type","param","code"}}} by {@link ApiAuth#install}, the one place these become HTTP.
 */
public final class BatchApiException extends RuntimeException {

    private final int status;
    private final String type;
    private final String param;
    private final String code;

    public BatchApiException(int status, String message, String type, String param, String code) {
        super(message, null, false, false);
        this.status = status;
        this.type = type;
        this.param = param;
        this.code = code;
    }

    public int status() { return status; }

    public String type() { return type; }

    public String param() { return param; }

    public String code() { return code; }

    static BatchApiException invalid(String message, String param) {
        return new BatchApiException(400, message, "invalid_request_error", param, null);
    }

    static BatchApiException notFound(String message) {
        return new BatchApiException(404, message, "invalid_request_error", null, null);
    }

    static BatchApiException tooLarge(long limit) {
        return new BatchApiException(413, "The file exceeds the limit of " + limit + " bytes.", "invalid_request_error",
                "file", "file_too_large");
    }
}
