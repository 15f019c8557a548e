package dev.hearth.server.gateway;

import dev.hearth.server.ServerJson;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one place where a {@link GatewayException} becomes an HTTP answer in the HF error shape.
 *
 * <p>{@code error_type} is sent only on 503s (the cold-start answer, {@code {"error","error_type","estimated_time"}}).
 * On the gateway's other errors it is left out: huggingface_hub reads a body with {@code error_type} as a TGI
 * generation error ({@code UnknownError}, without the HTTP response), whereas a plain {@code {"error"}} becomes its
 * {@code HfHubHTTPError}/{@code BadRequestError} carrying the status, which is what these are.
 */
final class GatewayErrors {

    private static final ObjectMapper JSON = ServerJson.MAPPER;

    private GatewayErrors() {}

    static void write(Context ctx, GatewayException e) {
        if (ctx.res().isCommitted()) return;
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", e.getMessage());
        if (e.status() == 503) body.put("error_type", e.errorType());
        ctx.header("X-Error-Message", e.getMessage().replaceAll("[^\\x20-\\x7E]", "?"));
        e.estimatedTime().ifPresent(t -> body.put("estimated_time", t));
        e.headers().forEach(ctx::header);
        try {
            ctx.status(e.status()).contentType("application/json").result(JSON.writeValueAsString(body));
        } catch (JsonProcessingException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
