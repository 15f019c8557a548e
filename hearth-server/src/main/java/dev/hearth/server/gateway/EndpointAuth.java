package dev.hearth.server.gateway;

import dev.hearth.server.auth.Principal;
import dev.hearth.server.auth.Sessions;
import dev.hearth.server.auth.TokenVerifier;
import io.javalin.http.Context;

import java.util.Locale;
import java.util.Optional;

/**
 * Who may call an endpoint, by its type: {@code public} anyone, with or without a token; {@code authenticated} any
 * valid token; {@code protected} and {@code private} a token whose principal may access the endpoint's namespace.
 * An unknown type is treated as {@code private}. No or an unknown token: 401; a valid token without access: 403.
 *
 * <p>Without an {@code Authorization} header, a dashboard session cookie stands for its token (the playground calls
 * endpoints so); a request other than GET or HEAD must then carry the session's CSRF token, 403 otherwise.
 */
final class EndpointAuth {

    private final TokenVerifier verifier;
    /** Null for a gateway without a dashboard (its own tests): cookies are then ignored. */
    private final Sessions sessions;

    EndpointAuth(TokenVerifier verifier, Sessions sessions) {
        this.verifier = verifier;
        this.sessions = sessions;
    }

    void check(Route route, Context ctx) {
        String type = route.type() == null ? "private" : route.type().toLowerCase(Locale.ROOT);
        if (type.equals("public")) return;
        Principal principal = principal(route, ctx);
        if (type.equals("authenticated")) return;
        if (!principal.mayAccess(route.id().namespace())) {
            throw GatewayException.forbidden("Forbidden: this token does not give access to endpoint " + route.id());
        }
    }

    private Principal principal(Route route, Context ctx) {
        Optional<String> token = bearer(ctx.header("Authorization"));
        if (token.isPresent()) {
            return verifier.verify(token.get()).orElseThrow(() -> GatewayException.unauthorized("Unauthorized: invalid token"));
        }
        String cookie = sessions == null ? null : ctx.cookie(Sessions.COOKIE);
        if (cookie == null) {
            throw GatewayException.unauthorized("Unauthorized: endpoint " + route.id()
                    + " needs a token (Authorization: Bearer <token>)");
        }
        String method = ctx.method().name();
        Sessions.Check check = sessions.authenticate(cookie, ctx.header(Sessions.CSRF_HEADER),
                !method.equals("GET") && !method.equals("HEAD"));
        if (check.refusal() == Sessions.Refusal.CSRF) {
            throw GatewayException.forbidden("Forbidden: the " + Sessions.CSRF_HEADER + " header is missing or wrong");
        }
        return check.principal().orElseThrow(() -> GatewayException.unauthorized("Unauthorized: the session has ended; sign in again"));
    }

    private static Optional<String> bearer(String authorization) {
        if (authorization == null) return Optional.empty();
        String value = authorization.strip();
        if (value.length() < 7 || !value.regionMatches(true, 0, "Bearer ", 0, 7)) return Optional.empty();
        String token = value.substring(7).strip();
        return token.isEmpty() ? Optional.empty() : Optional.of(token);
    }
}
