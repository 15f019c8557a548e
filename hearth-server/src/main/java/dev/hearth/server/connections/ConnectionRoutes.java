package dev.hearth.server.connections;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.server.auth.Principal;
import dev.hearth.server.http.ControlAuth;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

/**
 * {@code /v2/connections/{namespace}[/{name}[/test]]}, authorised as the endpoints API is: a token may use its own
 * namespace, an administrator's every namespace. Answers are {@link ConnectionView}s, which never hold the key.
 */
public final class ConnectionRoutes {

    private final ConnectionService connections;
    private final ControlAuth auth;

    public ConnectionRoutes(ConnectionService connections, ControlAuth auth) {
        this.connections = connections;
        this.auth = auth;
    }

    public void register(RoutesConfig routes) {
        routes.post("/v2/connections/{namespace}", ctx -> {
            Principal p = auth.require(ctx, ns(ctx));
            Connection c = connections.create(ns(ctx), ConnectionRequest.parse(ctx.bodyAsBytes()), p.namespace(), generate(ctx));
            ctx.status(201).json(ConnectionView.render(c));
        });
        routes.get("/v2/connections/{namespace}", ctx -> {
            auth.require(ctx, ns(ctx));
            ObjectNode list = JsonNodeFactory.instance.objectNode();
            var items = list.putArray("items");
            connections.list(ns(ctx)).forEach(c -> items.add(ConnectionView.render(c)));
            ctx.json(list);
        });
        routes.get("/v2/connections/{namespace}/{name}", ctx -> {
            auth.require(ctx, ns(ctx));
            ctx.json(ConnectionView.render(connections.get(ns(ctx), ctx.pathParam("name"))));
        });
        routes.put("/v2/connections/{namespace}/{name}", ctx -> {
            auth.require(ctx, ns(ctx));
            ctx.json(ConnectionView.render(connections.update(ns(ctx), ctx.pathParam("name"),
                    ConnectionRequest.parse(ctx.bodyAsBytes()))));
        });
        routes.delete("/v2/connections/{namespace}/{name}", ctx -> {
            auth.require(ctx, ns(ctx));
            connections.delete(ns(ctx), ctx.pathParam("name"));
            ctx.status(204);
        });
        routes.post("/v2/connections/{namespace}/{name}/test", ctx -> {
            auth.require(ctx, ns(ctx));
            ctx.json(ConnectionView.render(connections.test(ns(ctx), ctx.pathParam("name"), generate(ctx))));
        });
    }

    /** {@code ?generate=true}: the user asks for a one-token generation too (it may cost on a paid endpoint). */
    private static boolean generate(Context ctx) {
        return "true".equalsIgnoreCase(ctx.queryParam("generate"));
    }

    private static String ns(Context ctx) {
        return ctx.pathParam("namespace");
    }
}
