package dev.hearth.server.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;

import java.util.LinkedHashMap;
import java.util.Map;

/** The one place where a {@link GatewayException} becomes an HTTP answer in the HF error shape. */
final class GatewayErrors {

    private static final ObjectMapper JSON = new ObjectMapper();

    private GatewayErrors() {}

    static void write(Context ctx, GatewayException e) {
        if (ctx.res().isCommitted()) return;
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", e.getMessage());
        body.put("error_type", e.errorType());
        e.estimatedTime().ifPresent(t -> body.put("estimated_time", t));
        e.headers().forEach(ctx::header);
        try {
            ctx.status(e.status()).contentType("application/json").result(JSON.writeValueAsString(body));
        } catch (JsonProcessingException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
