package dev.hearth.server.http;

import dev.hearth.server.auth.Principal;
import dev.hearth.server.auth.TokenVerifier;
import dev.hearth.server.auth.Tokens;
import io.javalin.http.Context;

/**
 * The control API's rule: a valid token (401 otherwise) whose namespace is the one addressed, or an administrator's
 * for routes over every namespace such as {@code /v2/tokens} (403 otherwise).
 */
public final class ControlAuth {

    private final TokenVerifier tokens;

    public ControlAuth(TokenVerifier tokens) {
        this.tokens = tokens;
    }

    public Principal principal(Context ctx) {
        String token = Tokens.bearer(ctx.header("Authorization"));
        if (token == null) throw new ControlApiException(401, "Missing Authorization header: send 'Authorization: Bearer <token>'");
        return tokens.verify(token).orElseThrow(() -> new ControlApiException(401, "Invalid credentials in Authorization header"));
    }

    public Principal require(Context ctx, String namespace) {
        Principal p = principal(ctx);
        if (!p.mayAccess(namespace)) {
            throw new ControlApiException(403, "This token has no access to namespace \"" + namespace + "\"");
        }
        return p;
    }

    public Principal requireAdmin(Context ctx) {
        Principal p = principal(ctx);
        if (!p.admin()) throw new ControlApiException(403, "Only an administrator's token may manage tokens");
        return p;
    }
}
