package dev.hearth.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.server.ServerJson;
import dev.hearth.server.auth.TokenInfo;
import dev.hearth.server.auth.Tokens;
import dev.hearth.server.endpoint.EndpointRequests;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

import java.io.IOException;

/**
 * {@code /v2/tokens}, for administrators only (403 for a namespace's token): list (never a token or its hash),
 * create (the answer holds the token, the only time it is shown) and revoke by id (refused at once, gateway included).
 */
public final class TokenRoutes {

    private static final int MAX_LABEL = 200;

    private final Tokens tokens;
    private final ControlAuth auth;

    public TokenRoutes(Tokens tokens, ControlAuth auth) {
        this.tokens = tokens;
        this.auth = auth;
    }

    public void register(RoutesConfig routes) {
        routes.get("/v2/tokens", ctx -> {
            auth.requireAdmin(ctx);
            ArrayNode items = JsonNodeFactory.instance.arrayNode();
            tokens.list().forEach(t -> items.add(view(t)));
            ObjectNode o = JsonNodeFactory.instance.objectNode();
            o.set("items", items);
            ctx.json(o);
        });
        routes.post("/v2/tokens", ctx -> {
            auth.requireAdmin(ctx);
            JsonNode body = body(ctx);
            String namespace = body.path("namespace").isTextual() ? body.get("namespace").asText() : null;
            EndpointRequests.checkNamespace(namespace);
            JsonNode admin = body.path("admin");
            if (!admin.isMissingNode() && !admin.isNull() && !admin.isBoolean()) {
                throw ControlApiException.badRequest("admin must be true or false");
            }
            Tokens.NewToken created = tokens.issue(namespace, admin.asBoolean(false), label(body.path("label")));
            ObjectNode o = view(created.info());
            o.put("token", created.token());
            ctx.status(201).json(o);
        });
        routes.delete("/v2/tokens/{id}", ctx -> {
            auth.requireAdmin(ctx);
            ctx.json(view(tokens.revoke(ctx.pathParam("id"))));
        });
    }

    static ObjectNode view(TokenInfo t) {
        return ServerJson.MAPPER.valueToTree(t.view());
    }

    private static String label(JsonNode label) {
        if (label.isMissingNode() || label.isNull()) return null;
        if (!label.isTextual()) throw ControlApiException.badRequest("label must be a string");
        String text = label.asText();
        if (text.length() > MAX_LABEL || text.chars().anyMatch(Character::isISOControl)) {
            throw ControlApiException.badRequest("label must be at most " + MAX_LABEL + " characters, without control characters");
        }
        return text;
    }

    private static JsonNode body(Context ctx) {
        byte[] bytes = ctx.bodyAsBytes();
        if (bytes.length == 0) throw ControlApiException.badRequest("a JSON body is required");
        try {
            JsonNode node = ServerJson.MAPPER.readTree(bytes);
            if (node == null || !node.isObject()) throw ControlApiException.badRequest("the body must be a JSON object");
            return node;
        } catch (IOException e) {
            throw ControlApiException.badRequest("the body is not valid JSON");
        }
    }
}
