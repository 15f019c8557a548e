package dev.hearth.client.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.client.BadRequestException;
import dev.hearth.client.ConflictException;
import dev.hearth.client.HearthHttpException;
import dev.hearth.client.NotFoundException;
import dev.hearth.client.ServiceUnavailableException;
import dev.hearth.client.UnauthorizedException;

import java.net.URI;
import java.net.http.HttpHeaders;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The one place where an HTTP error answer becomes an exception, by status. */
public final class Errors {

    private Errors() {}

    /** What an error body says, read as huggingface_hub's {@code hf_raise_for_status} reads it. */
    public record ErrorBody(String message, String errorType, Double estimatedTime) {

        public static ErrorBody parse(HttpHeaders headers, String body) {
            String header = headers == null ? null : headers.firstValue("X-Error-Message").orElse(null);
            JsonNode json = Json.treeOrNull(body);
            String type = json != null && json.path("error_type").isTextual() ? json.get("error_type").asText() : null;
            Double estimated = json != null && json.path("estimated_time").isNumber() ? json.get("estimated_time").asDouble() : null;
            String message = header != null ? header : messageOf(json, body);
            return new ErrorBody(message, type, estimated);
        }

        private static String messageOf(JsonNode json, String body) {
            if (json != null && json.isObject()) {
                List<String> parts = new ArrayList<>();
                JsonNode error = json.path("error");
                if (error.isTextual()) parts.add(error.asText());
                else if (error.isArray()) error.forEach(e -> parts.add(e.asText()));
                else if (error.isObject() && error.path("message").isTextual()) parts.add(error.get("message").asText());
                if (json.path("error_description").isTextual()) parts.add(json.get("error_description").asText());
                json.path("errors").forEach(e -> { if (e.path("message").isTextual()) parts.add(e.get("message").asText()); });
                if (!parts.isEmpty()) return String.join("\n", parts);
            }
            String text = body == null ? "" : body.strip();
            if (text.isEmpty()) return "(no message)";
            return text.length() > 2000 ? text.substring(0, 2000) + "…" : text;
        }
    }

    /** The exception for an error answer, chosen by status. */
    public static HearthHttpException byStatus(int status, HttpHeaders headers, String body, String method, URI uri) {
        ErrorBody e = ErrorBody.parse(headers, body);
        return switch (status) {
            // A 422 is the control plane's "well-formed but refused" (a connection whose check failed).
            case 400, 422 -> new BadRequestException(status, e.message(), e.errorType(), method, uri);
            case 401, 403 -> new UnauthorizedException(status, e.message(), e.errorType(), method, uri);
            case 404 -> new NotFoundException(e.message(), e.errorType(), method, uri);
            case 409 -> new ConflictException(e.message(), e.errorType(), method, uri);
            case 503 -> new ServiceUnavailableException(e.message(), e.errorType(), retryAfter(headers, e), method, uri);
            default -> new HearthHttpException(status, e.message(), e.errorType(), method, uri);
        };
    }

    /** {@code Retry-After} in seconds (HTTP dates are not used by Hearth or TGI), else {@code estimated_time}. */
    public static Duration retryAfter(HttpHeaders headers, ErrorBody body) {
        String header = headers == null ? null : headers.firstValue("Retry-After").orElse(null);
        if (header != null) {
            try {
                return Duration.ofMillis((long) (Double.parseDouble(header.strip()) * 1000));
            } catch (NumberFormatException ignored) {
                // An HTTP-date: fall through to the body's estimate.
            }
        }
        if (body.estimatedTime() != null && body.estimatedTime() >= 0) {
            return Duration.ofMillis((long) (body.estimatedTime() * 1000));
        }
        return null;
    }
}
