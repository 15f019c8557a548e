package dev.hearth.embed.http;

import dev.hearth.api.ApiException;
import dev.hearth.api.BodyRejection;
import dev.hearth.api.WireJson;
import dev.hearth.serving.UnreadableRequest;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where exceptions become HTTP answers on the embedding server.
 *
 * <ul>
 *   <li>{@link ApiException} (TEI's error kinds): its status; {@code {"error","error_type"}}, or on the OpenAI
 *       routes {@code {"message","code","type"}};</li>
 *   <li>{@link BodyRejection}: 415/400/422 with axum's plain text, as TEI's {@code Json} extractor answers;</li>
 *   <li>a body over the payload limit: 413 with axum's plain text;</li>
 *   <li>Javalin's own (404, 405, ...): their status and TEI's JSON shape;</li>
 *   <li>anything else is a bug: 500, and the stack trace in the log.</li>
 * </ul>
 */
public final class ErrorMapping {

    private static final Logger log = LoggerFactory.getLogger(ErrorMapping.class);

    private ErrorMapping() {}

    public static void install(RoutesConfig routes) {
        routes.exception(ApiException.class, (e, ctx) -> apiError(ctx, e));
        routes.exception(BodyRejection.class, (e, ctx) ->
                ctx.status(e.status()).contentType("text/plain; charset=utf-8").result(e.body()));
        routes.exception(HttpResponseException.class, (e, ctx) -> {
            if (e.getStatus() == 413) {
                ctx.status(413).contentType("text/plain; charset=utf-8")
                        .result("Failed to buffer the request body: length limit exceeded");
            } else {
                apiError(ctx, new ApiException(e.getStatus(), "Validation", e.getMessage()));
            }
        });
        routes.exception(Exception.class, (e, ctx) -> {
            if (UnreadableRequest.is(e)) {
                // Jetty could not read the body (a malformed chunk, a body cut short): axum's answer, no exception text.
                ctx.status(400).contentType("text/plain; charset=utf-8")
                        .result("Failed to buffer the request body: malformed or incomplete body");
                return;
            }
            log.error("unexpected error on {} {}", ctx.method(), ctx.path(), e);
            apiError(ctx, new ApiException(500, "Backend", "Internal error: " + e.getClass().getSimpleName()));
        });
    }

    public static void apiError(Context ctx, ApiException e) {
        // Overloaded: a batch takes milliseconds to a second, so a second is a fair first back-off.
        if (e.status() == 429) ctx.header("Retry-After", "1");
        ctx.status(e.status()).contentType("application/json");
        if (Boolean.TRUE.equals(ctx.attribute(OpenAiRoutes.OPENAI))) {
            ctx.result(WireJson.write(new Responses.OpenAiError(e.error(), e.status(), e.errorType())));
        } else {
            ctx.result(WireJson.write(e.toErrorResponse()));
        }
    }
}
