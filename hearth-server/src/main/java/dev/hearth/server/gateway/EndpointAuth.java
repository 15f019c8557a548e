package dev.hearth.server.gateway;

import dev.hearth.server.auth.Principal;
import dev.hearth.server.auth.TokenVerifier;

import java.util.Locale;
import java.util.Optional;

/**
 * Who may call an endpoint, by its type: {@code public} anyone, with or without a token; {@code authenticated} any
 * valid token; {@code protected} and {@code private} a token whose principal may access the endpoint's namespace.
 * An unknown type is treated as {@code private}. No or an unknown token: 401; a valid token without access: 403.
 */
final class EndpointAuth {

    private final TokenVerifier verifier;

    EndpointAuth(TokenVerifier verifier) {
        this.verifier = verifier;
    }

    void check(Route route, String authorization) {
        String type = route.type() == null ? "private" : route.type().toLowerCase(Locale.ROOT);
        if (type.equals("public")) return;
        String token = bearer(authorization)
                .orElseThrow(() -> GatewayException.unauthorized("Unauthorized: endpoint " + route.id()
                        + " needs a token (Authorization: Bearer <token>)"));
        Principal principal = verifier.verify(token)
                .orElseThrow(() -> GatewayException.unauthorized("Unauthorized: invalid token"));
        if (type.equals("authenticated")) return;
        if (!principal.mayAccess(route.id().namespace())) {
            throw GatewayException.forbidden("Forbidden: this token does not give access to endpoint " + route.id());
        }
    }

    private static Optional<String> bearer(String authorization) {
        if (authorization == null) return Optional.empty();
        String value = authorization.strip();
        if (value.length() < 7 || !value.regionMatches(true, 0, "Bearer ", 0, 7)) return Optional.empty();
        String token = value.substring(7).strip();
        return token.isEmpty() ? Optional.empty() : Optional.of(token);
    }
}
