package dev.hearth.server.http;

import dev.hearth.server.auth.Principal;
import dev.hearth.server.auth.Sessions;
import dev.hearth.server.auth.TokenVerifier;
import dev.hearth.server.auth.Tokens;
import io.javalin.http.Context;

/**
 * The control API's rule: a valid token (401 otherwise) whose namespace is the one addressed, or an administrator's
 * for routes over every namespace such as {@code /v2/tokens} (403 otherwise).
 *
 * <p>A request without an {@code Authorization} header may instead carry the dashboard's session cookie, which stands
 * for the token it was signed in with; one that changes state (not GET or HEAD) must then also carry the session's
 * CSRF token in {@link Sessions#CSRF_HEADER} (403 otherwise). The cookie is SameSite=Strict as well.
 */
public final class ControlAuth {

    private final TokenVerifier tokens;
    private final Sessions sessions;

    public ControlAuth(TokenVerifier tokens, Sessions sessions) {
        this.tokens = tokens;
        this.sessions = sessions;
    }

    public Principal principal(Context ctx) {
        String header = ctx.header("Authorization");
        String cookie = ctx.cookie(Sessions.COOKIE);
        if (header == null && cookie != null) return session(ctx).principal();
        String token = Tokens.bearer(header);
        if (token == null) throw new ControlApiException(401, "Missing Authorization header: send 'Authorization: Bearer <token>'");
        return tokens.verify(token).orElseThrow(() -> new ControlApiException(401, "Invalid credentials in Authorization header"));
    }

    /** The dashboard session of this request's cookie, CSRF checked. */
    public Sessions.Session session(Context ctx) {
        String cookie = ctx.cookie(Sessions.COOKIE);
        if (cookie == null) throw new ControlApiException(401, "Not signed in");
        Sessions.Check check = sessions.authenticate(cookie, ctx.header(Sessions.CSRF_HEADER), stateChanging(ctx));
        if (check.refusal() == Sessions.Refusal.CSRF) {
            throw new ControlApiException(403, "The " + Sessions.CSRF_HEADER + " header is missing or wrong");
        }
        if (check.session() == null) throw new ControlApiException(401, "The session has ended; sign in again");
        return check.session();
    }

    private static boolean stateChanging(Context ctx) {
        String m = ctx.method().name();
        return !m.equals("GET") && !m.equals("HEAD");
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
