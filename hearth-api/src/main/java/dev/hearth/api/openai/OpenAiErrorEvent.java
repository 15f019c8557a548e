package dev.hearth.api.openai;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.hearth.api.ApiException;

/**
 * The error event of the OpenAI routes once their stream has started:
 * {@code {"error":{"message":"<text>","http_status_code":422}}}, followed by {@code [DONE]}.
 * TGI writes 422 whatever the error was. (Errors before the stream starts are ordinary HTTP
 * errors with {@link dev.hearth.api.tgi.ErrorResponse}.)
 */
public record OpenAiErrorEvent(@JsonProperty("error") Error error) {

    public static final int HTTP_STATUS_CODE = 422;

    public record Error(
            @JsonProperty("message") String message,
            @JsonProperty("http_status_code") int httpStatusCode) {}

    /** {@code message} is the full error text, e.g. "Input validation error: ...". */
    public static OpenAiErrorEvent of(String message) {
        return new OpenAiErrorEvent(new Error(message, HTTP_STATUS_CODE));
    }

    public static OpenAiErrorEvent of(ApiException e) {
        return of(e.error());
    }
}
