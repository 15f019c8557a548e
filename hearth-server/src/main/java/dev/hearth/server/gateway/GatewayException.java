package dev.hearth.server.gateway;

import dev.hearth.server.endpoint.EndpointId;

import java.util.Map;
import java.util.OptionalDouble;

/**
 * Why the gateway answers a request itself instead of relaying a replica's answer. {@link GatewayErrors} turns it into
 * the HF error body {@code {"error", "error_type"[, "estimated_time"]}}.
 */
public final class GatewayException extends RuntimeException {

    private final int status;
    private final String errorType;
    private final OptionalDouble estimatedTime;
    private final Map<String, String> headers;

    private GatewayException(int status, String errorType, String message, OptionalDouble estimatedTime,
                             Map<String, String> headers) {
        super(message, null, false, false);
        this.status = status;
        this.errorType = errorType;
        this.estimatedTime = estimatedTime;
        this.headers = Map.copyOf(headers);
    }

    private static GatewayException of(int status, String errorType, String message) {
        return new GatewayException(status, errorType, message, OptionalDouble.empty(), Map.of());
    }

    public int status() { return status; }

    public String errorType() { return errorType; }

    public OptionalDouble estimatedTime() { return estimatedTime; }

    /** Extra response headers ({@code Retry-After}, {@code WWW-Authenticate}). */
    public Map<String, String> headers() { return headers; }

    static GatewayException notFound(EndpointId id) {
        return of(404, "not_found", "Endpoint " + id + " not found");
    }

    static GatewayException badRequest(String message) {
        return of(400, "validation", "Bad Request: " + message);
    }

    static GatewayException tooLarge(long limit) {
        return of(413, "payload_too_large", "Payload Too Large: the request body exceeds " + limit + " bytes");
    }

    static GatewayException unauthorized(String message) {
        return new GatewayException(401, "unauthorized", message, OptionalDouble.empty(),
                Map.of("WWW-Authenticate", "Bearer"));
    }

    static GatewayException forbidden(String message) {
        return of(403, "forbidden", message);
    }

    static GatewayException paused(EndpointId id) {
        return of(400, "paused", "Bad Request: Invalid state: endpoint " + id
                + " is paused; resume it to serve requests");
    }

    static GatewayException failed(EndpointId id) {
        return of(503, "failed", "Service Unavailable: endpoint " + id
                + " has failed and cannot serve requests; see its logs, then update or resume it");
    }

    /** The cold-start buffer is full ({@code overloaded}) or the deadline passed ({@code scale_up_timeout}). */
    static GatewayException coldStartUnavailable(EndpointId id, boolean bufferFull, double estimatedSeconds) {
        String message = bufferFull
                ? "Service Unavailable: endpoint " + id + " is starting and too many requests are already waiting for it"
                : "Service Unavailable: endpoint " + id + " is starting and no replica became ready in time"
                  + " (X-Scale-Up-Timeout sets how long to wait)";
        long retryAfter = Math.max(1, (long) Math.ceil(estimatedSeconds));
        return new GatewayException(503, bufferFull ? "overloaded" : "scale_up_timeout", message,
                OptionalDouble.of(estimatedSeconds), Map.of("Retry-After", Long.toString(retryAfter)));
    }

    static GatewayException badGateway(EndpointId id, String detail) {
        return of(502, "bad_gateway", "Bad Gateway: no replica of endpoint " + id + " could be reached (" + detail + ")");
    }

    static GatewayException remoteUnreachable(EndpointId connection, String detail) {
        return of(502, "bad_gateway", "Bad Gateway: the server of connection " + connection + " could not be reached ("
                + detail + "); check it with POST /v2/connections/" + connection.namespace() + "/" + connection.name() + "/test");
    }

    /** A connection's server was still waking when the request's deadline came. */
    static GatewayException remoteWaking(String message, double estimatedSeconds, long retryAfter) {
        return new GatewayException(503, "scale_up_timeout", message, OptionalDouble.of(estimatedSeconds),
                Map.of("Retry-After", Long.toString(retryAfter)));
    }

    static GatewayException brokeOff(EndpointId id) {
        return of(502, "bad_gateway", "Bad Gateway: the replica of endpoint " + id + " stopped before its answer was complete");
    }

    static GatewayException interrupted(EndpointId id) {
        return of(503, "unavailable", "Service Unavailable: the gateway is shutting down; retry endpoint " + id);
    }
}
