package dev.hearth.server.http;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.server.connections.InvalidConnectionException;
import dev.hearth.server.endpoint.CustomCommands;
import dev.hearth.server.endpoint.ModelFolders;
import dev.hearth.server.auth.Tokens;
import dev.hearth.server.endpoint.ConcurrentChangeException;
import dev.hearth.server.endpoint.EndpointService;
import dev.hearth.server.endpoint.InvalidEndpointException;
import dev.hearth.server.store.SecretBox;
import io.javalin.config.RoutesConfig;
import dev.hearth.serving.UnreadableRequest;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where the control plane's exceptions become HTTP answers, all in the Hub's error shape
 * {@code {"error": "..."}} (which huggingface_hub reads into its exception messages).
 */
public final class ServerErrors {

    private static final Logger log = LoggerFactory.getLogger(ServerErrors.class);

    private ServerErrors() {}

    public static void install(RoutesConfig routes) {
        routes.exception(ControlApiException.class, (e, ctx) -> error(ctx, e.status(), e.getMessage()));
        routes.exception(InvalidEndpointException.class, (e, ctx) -> error(ctx, 400, e.getMessage()));
        routes.exception(CustomCommands.CustomCommandRefused.class, (e, ctx) -> error(ctx, 403, e.getMessage()));
        routes.exception(ModelFolders.LocalPathRefused.class, (e, ctx) -> error(ctx, 403, e.getMessage()));
        routes.exception(EndpointService.NotFound.class, (e, ctx) -> error(ctx, 404, e.getMessage()));
        routes.exception(EndpointService.Conflict.class, (e, ctx) -> error(ctx, 409, e.getMessage()));
        routes.exception(ConcurrentChangeException.class, (e, ctx) -> error(ctx, 409, e.getMessage()));
        routes.exception(EndpointService.InvalidState.class, (e, ctx) -> error(ctx, 400, e.getMessage()));
        // Connections: a malformed body 400; a remote check that failed 422 (the request was well formed, the
        // server it names did not answer as its credential says); unknown 404; taken 409.
        routes.exception(InvalidConnectionException.BadRequest.class, (e, ctx) -> error(ctx, 400, e.getMessage()));
        routes.exception(InvalidConnectionException.Refused.class, (e, ctx) -> error(ctx, 422, e.getMessage()));
        routes.exception(InvalidConnectionException.NotFound.class, (e, ctx) -> error(ctx, 404, e.getMessage()));
        routes.exception(InvalidConnectionException.Conflict.class, (e, ctx) -> error(ctx, 409, e.getMessage()));
        routes.exception(Tokens.UnknownToken.class, (e, ctx) -> error(ctx, 404, e.getMessage()));
        routes.exception(SecretBox.Unreadable.class, (e, ctx) -> {
            log.error("{} {}: {}", ctx.method(), ctx.path(), e.getMessage()); // the message names no value
            error(ctx, 500, e.getMessage());
        });
        routes.exception(HttpResponseException.class, (e, ctx) -> error(ctx, e.getStatus(), e.getMessage()));
        routes.exception(Exception.class, (e, ctx) -> {
            if (UnreadableRequest.is(e)) {
                // Jetty's verdict on a request it could not read (a malformed chunk, a body cut short).
                error(ctx, 400, "the request body is malformed or incomplete");
                return;
            }
            log.error("unexpected error on {} {}", ctx.method(), ctx.path(), e);
            error(ctx, 500, "Internal error: " + e.getClass().getSimpleName());
        });
    }

    public static void error(Context ctx, int status, String message) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("error", message);
        ctx.status(status).header("X-Error-Message", message.replaceAll("[^\\x20-\\x7E]", "?")).json(body);
    }
}
