package dev.hearth.server.batch;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.server.auth.Principal;
import dev.hearth.server.auth.TokenVerifier;
import dev.hearth.server.auth.Tokens;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

/** Who calls {@code /v1/files} and {@code /v1/batches}: a Hearth token as a bearer, as the root router takes it. */
final class ApiAuth {

    private final TokenVerifier tokens;

    ApiAuth(TokenVerifier tokens) {
        this.tokens = tokens;
    }

    Principal principal(Context ctx) {
        String token = Tokens.bearer(ctx.header("Authorization"));
        Principal p = token == null ? null : tokens.verify(token).orElse(null);
        if (p == null) {
            ctx.header("WWW-Authenticate", "Bearer");
            throw new BatchApiException(401, token == null
                    ? "You didn't provide an API key: send 'Authorization: Bearer <token>' with a Hearth token."
                    : "Incorrect API key provided: the token is not a Hearth token.",
                    "invalid_request_error", null, "invalid_api_key");
        }
        return p;
    }

    /** Maps {@link BatchApiException} to its HTTP answer; registered once with the routes. */
    static void install(RoutesConfig routes) {
        routes.exception(BatchApiException.class, (e, ctx) -> {
            ObjectNode body = JsonNodeFactory.instance.objectNode();
            ObjectNode error = body.putObject("error");
            error.put("message", e.getMessage());
            error.put("type", e.type());
            error.put("param", e.param());
            error.put("code", e.code());
            ctx.status(e.status()).json(body);
        });
    }
}
