package dev.hearth.api;

import dev.hearth.api.tgi.ErrorResponse;

/**
 * A request refused with TGI's JSON error shape {@code {"error","error_type"}} and an HTTP status.
 *
 * <p>The HTTP layer maps every {@code ApiException} the same way: status {@link #status()}, body
 * {@link #toErrorResponse()}. In a stream that has already answered 200, the same
 * {@link ErrorResponse} becomes a {@code data:} event (TGI routes) or, on the OpenAI routes, an
 * {@link dev.hearth.api.openai.OpenAiErrorEvent}.
 *
 * <p>{@link #error()} is the full rendered text clients see; subclasses may keep a shorter
 * {@link #getMessage()} (see {@link dev.hearth.api.tgi.ValidationException}).
 */
public class ApiException extends RuntimeException {

    private final int status;
    private final String errorType;
    private final String error;

    public ApiException(int status, String errorType, String error) {
        this(status, errorType, error, error);
    }

    protected ApiException(int status, String errorType, String error, String message) {
        super(message, null, false, false);
        this.status = status;
        this.errorType = errorType;
        this.error = error;
    }

    /** 422 {@code tool_error}: TGI's {@code InferError::ToolError}, rendered "Tool error: ...". */
    public static ApiException toolError(String detail) {
        return new ApiException(422, "tool_error", "Tool error: " + detail);
    }

    public int status() {
        return status;
    }

    public String errorType() {
        return errorType;
    }

    /** The {@code error} text of the response body. */
    public String error() {
        return error;
    }

    public ErrorResponse toErrorResponse() {
        return new ErrorResponse(error, errorType);
    }
}
