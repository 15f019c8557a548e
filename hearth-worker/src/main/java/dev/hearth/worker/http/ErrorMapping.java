package dev.hearth.worker.http;

import dev.hearth.api.ApiException;
import dev.hearth.api.BodyRejection;
import dev.hearth.api.WireJson;
import dev.hearth.api.tgi.ErrorResponse;
import dev.hearth.serving.UnreadableRequest;
import dev.hearth.worker.generation.TextGenerationService;
import io.javalin.config.RoutesConfig;
import io.javalin.http.HttpResponseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where exceptions become HTTP answers.
 *
 * <ul>
 *   <li>{@link ApiException}: its status, TGI's {@code {"error","error_type"}} body;</li>
 *   <li>{@link BodyRejection}: its status (415/400/422) and axum's plain-text body;</li>
 *   <li>Javalin's own (413 for an oversized body, 404, ...): their status, TGI's error shape;</li>
 *   <li>anything else is a bug: 500 with the TGI shape, and the stack trace in the log.</li>
 * </ul>
 */
public final class ErrorMapping {

    private static final Logger log = LoggerFactory.getLogger(ErrorMapping.class);

    private ErrorMapping() {}

    public static void install(RoutesConfig routes) {
        routes.exception(ApiException.class, (e, ctx) -> {
            // Overloaded: permits free up within a generation or two, so a second is a fair first back-off.
            if (e.status() == 429) ctx.header("Retry-After", "1");
            ctx.status(e.status()).contentType("application/json").result(WireJson.write(e.toErrorResponse()));
        });
        routes.exception(TextGenerationService.Abandoned.class, (e, ctx) -> {
            // The client closed its connection and its generation was cancelled: nobody reads this answer.
            ctx.status(499).result("");
        });
        routes.exception(BodyRejection.class, (e, ctx) -> {
            ctx.status(e.status()).contentType("text/plain; charset=utf-8").result(e.body());
        });
        routes.exception(HttpResponseException.class, (e, ctx) -> {
            ctx.status(e.getStatus()).contentType("application/json")
                    .result(WireJson.write(new ErrorResponse(e.getMessage(), errorType(e.getStatus()))));
        });
        routes.exception(Exception.class, (e, ctx) -> {
            if (UnreadableRequest.is(e)) {
                // Jetty could not read the body (a malformed chunk, a body cut short): axum's answer, no exception text.
                ctx.status(400).contentType("text/plain; charset=utf-8")
                        .result("Failed to buffer the request body: malformed or incomplete body");
                return;
            }
            log.error("unexpected error on {} {}", ctx.method(), ctx.path(), e);
            ctx.status(500).contentType("application/json")
                    .result(WireJson.write(new ErrorResponse("Internal error: " + e.getClass().getSimpleName(), "internal")));
        });
    }

    private static String errorType(int status) {
        return switch (status) {
            case 413 -> "payload_too_large";
            case 404 -> "not_found";
            case 401 -> "unauthorized";
            default -> "http";
        };
    }
}
