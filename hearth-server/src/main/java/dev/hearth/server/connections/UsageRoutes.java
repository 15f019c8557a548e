package dev.hearth.server.connections;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.server.gateway.Usage;
import dev.hearth.server.http.ControlAuth;
import io.javalin.config.RoutesConfig;

/**
 * {@code GET /v2/usage/{namespace}}: the tokens the namespace's models used since the server started, from whole
 * answers' {@code usage} ({@link Usage}), authorised as the endpoints API is.
 */
public final class UsageRoutes {

    private final Usage usage;
    private final ControlAuth auth;

    public UsageRoutes(Usage usage, ControlAuth auth) {
        this.usage = usage;
        this.auth = auth;
    }

    public void register(RoutesConfig routes) {
        routes.get("/v2/usage/{namespace}", ctx -> {
            String namespace = ctx.pathParam("namespace");
            auth.require(ctx, namespace);
            ObjectNode body = JsonNodeFactory.instance.objectNode();
            body.put("namespace", namespace);
            ArrayNode models = body.putArray("models");
            long prompt = 0, completion = 0;
            for (var e : usage.of(namespace).entrySet()) {
                ObjectNode m = models.addObject();
                m.put("model", e.getKey());
                m.put("requests", e.getValue().requests());
                m.put("prompt_tokens", e.getValue().promptTokens());
                m.put("completion_tokens", e.getValue().completionTokens());
                m.put("total_tokens", e.getValue().promptTokens() + e.getValue().completionTokens());
                prompt += e.getValue().promptTokens();
                completion += e.getValue().completionTokens();
            }
            body.put("prompt_tokens", prompt);
            body.put("completion_tokens", completion);
            body.put("total_tokens", prompt + completion);
            ctx.json(body);
        });
    }
}
