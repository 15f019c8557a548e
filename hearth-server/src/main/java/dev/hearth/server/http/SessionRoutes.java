package dev.hearth.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.server.ServerJson;
import dev.hearth.server.auth.Sessions;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

import java.io.IOException;
import java.util.Map;

/**
 * {@code /v2/session}, the dashboard's sign-in: {@code POST} with {@code {"token": "..."}} checks the token and sets
 * an HttpOnly, SameSite=Strict cookie holding a random session id (never the token); {@code GET} says who is signed
 * in and gives the CSRF token the page sends in {@link Sessions#CSRF_HEADER}; {@code DELETE} signs out.
 *
 * <p>The sign-in takes JSON only: a cross-site form can post neither JSON nor a custom header without a CORS
 * preflight, which this server never grants, so no other site can sign a browser in or out.
 */
public final class SessionRoutes {

    private final Sessions sessions;
    private final ControlAuth auth;

    public SessionRoutes(Sessions sessions, ControlAuth auth) {
        this.sessions = sessions;
        this.auth = auth;
    }

    public void register(RoutesConfig routes) {
        routes.post("/v2/session", ctx -> {
            String token = token(ctx);
            Map.Entry<String, Sessions.Session> s = sessions.signIn(token)
                    .orElseThrow(() -> new ControlApiException(401, "Invalid token"));
            ctx.header("Set-Cookie", cookie(ctx, s.getKey(), false));
            ctx.header("Cache-Control", "no-store");
            ctx.status(201).json(view(s.getValue()));
        });
        routes.get("/v2/session", ctx -> {
            ctx.header("Cache-Control", "no-store");
            ctx.json(view(auth.session(ctx)));
        });
        routes.delete("/v2/session", ctx -> {
            auth.session(ctx); // CSRF checked: no other site can sign a browser out
            sessions.signOut(ctx.cookie(Sessions.COOKIE));
            ctx.header("Set-Cookie", cookie(ctx, "", true));
            ctx.status(204);
        });
    }

    private static String token(Context ctx) {
        String type = ctx.contentType();
        if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
            throw new ControlApiException(415, "Sign in with a JSON body {\"token\": \"...\"} (Content-Type: application/json)");
        }
        try {
            JsonNode body = ServerJson.MAPPER.readTree(ctx.bodyAsBytes());
            if (body == null || !body.path("token").isTextual() || body.get("token").asText().isBlank()) {
                throw ControlApiException.badRequest("token is required");
            }
            return body.get("token").asText().strip();
        } catch (IOException e) {
            throw ControlApiException.badRequest("the body is not valid JSON");
        }
    }

    private static String cookie(Context ctx, String value, boolean expire) {
        StringBuilder c = new StringBuilder(Sessions.COOKIE).append('=').append(value)
                .append("; Path=/; HttpOnly; SameSite=Strict");
        if ("https".equalsIgnoreCase(ctx.scheme())) c.append("; Secure");
        if (expire) c.append("; Max-Age=0");
        return c.toString();
    }

    private static ObjectNode view(Sessions.Session s) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("namespace", s.principal().namespace());
        o.put("admin", s.principal().admin());
        o.put("csrf", s.csrf());
        return o;
    }
}
