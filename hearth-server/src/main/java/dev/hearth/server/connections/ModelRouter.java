package dev.hearth.server.connections;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.server.ServerJson;
import dev.hearth.server.auth.Principal;
import dev.hearth.server.auth.TokenVerifier;
import dev.hearth.server.auth.Tokens;
import dev.hearth.server.endpoint.EndpointId;
import dev.hearth.server.gateway.Backend;
import dev.hearth.server.gateway.Gateway;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * One catalogue and one router at the server root, in OpenAI's shapes: {@code GET /v1/models} lists what the
 * caller's token may call ({@link ModelCatalogue}), and {@code POST /v1/chat/completions}, {@code /v1/completions} and
 * {@code /v1/embeddings} go where the body's {@code model} names.
 *
 * <p>{@code model} is matched, in order, against the connections' {@code model_name} and name, the endpoints' names,
 * then the endpoints' repositories (only when exactly one endpoint serves it). Matches in the caller's own namespace
 * win; more than one left is a 400 naming them. A managed endpoint is served through {@link Gateway#serve}, so it is
 * woken and held exactly as under {@code /endpoints/...}; a connection is forwarded to its server with its key,
 * streams relayed as they come, {@code model} rewritten to its {@code model_name} (what the server knows it by); a chat
 * for a connection with a {@code prompt_builder} is rendered here and sent to TGI's {@code /generate} ({@link PromptedChat}).
 */
public final class ModelRouter {

    static final List<String> ROUTES = List.of("/v1/chat/completions", "/v1/completions", "/v1/embeddings");

    private final ModelCatalogue catalogue;
    private final dev.hearth.server.auth.Sessions sessions;
    private final TokenVerifier tokens;
    private final Gateway gateway;
    private final long maxBody;
    /** Chat for connections with a prompt builder: rendered here, sent to TGI's /generate. */
    private final PromptedChat promptedChat;
    private final ContextWindow contextWindow = new ContextWindow();

    /** @param sessions the dashboard's, whose cookie stands for its token (CSRF checked on a POST) */
    public ModelRouter(ModelCatalogue catalogue, TokenVerifier tokens, Gateway gateway, long maxBody,
                       dev.hearth.server.auth.Sessions sessions) {
        this.sessions = sessions;
        this.catalogue = catalogue;
        this.tokens = tokens;
        this.gateway = gateway;
        this.maxBody = maxBody;
        this.promptedChat = new PromptedChat(java.net.http.HttpClient.newBuilder().connectTimeout(java.time.Duration.ofSeconds(10))
                .executor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()).build());
    }

    public void register(RoutesConfig routes) {
        routes.get("/v1/models", this::models);
        for (String route : ROUTES) routes.post(route, this::route);
    }

    private void models(Context ctx) {
        Principal p = principal(ctx);
        if (p == null) return;
        ObjectNode list = JsonNodeFactory.instance.objectNode();
        list.put("object", "list");
        ArrayNode data = list.putArray("data");
        for (CatalogueEntry e : catalogue.visible(p, "true".equalsIgnoreCase(ctx.queryParam("all")))) {
            ObjectNode m = data.addObject();
            m.put("id", e.id());
            m.put("object", "model");
            m.put("created", e.created());
            m.put("owned_by", e.namespace());
            m.put("namespace", e.namespace());
            m.put("source", e.source());
            m.put("name", e.isConnection() ? e.connection().name() : e.endpoint().name());
            m.put("task", e.task());
            m.put("context_window", e.contextWindow());
            m.put("state", e.state());
        }
        ctx.json(list);
    }

    private void route(Context ctx) {
        Principal p = principal(ctx);
        if (p == null) return;
        byte[] body;
        try {
            if (ctx.req().getContentLengthLong() > maxBody) throw new IOException("too large");
            body = ctx.req().getInputStream().readNBytes((int) maxBody + 1);
            if (body.length > maxBody) throw new IOException("too large");
        } catch (IOException e) {
            OpenAiErrors.write(ctx, 413, "The request body exceeds " + maxBody + " bytes.", "invalid_request_error", null, null);
            return;
        }
        ObjectNode json;
        try {
            JsonNode n = ServerJson.MAPPER.readTree(body);
            json = n instanceof ObjectNode o ? o : null;
        } catch (IOException e) {
            json = null;
        }
        if (json == null) {
            OpenAiErrors.write(ctx, 400, "The request body is not a JSON object.", "invalid_request_error", null, null);
            return;
        }
        String model = json.path("model").asText("");
        if (model.isBlank()) {
            OpenAiErrors.write(ctx, 400, "You must provide a model parameter.", "invalid_request_error", "model", null);
            return;
        }
        List<CatalogueEntry> matches = resolve(catalogue.visible(p, true), model, p);
        if (matches.isEmpty()) {
            OpenAiErrors.write(ctx, 404, "The model `" + model + "` does not exist or you do not have access to it.",
                    "invalid_request_error", null, "model_not_found");
            return;
        }
        if (matches.size() > 1) {
            Set<String> where = new TreeSet<>();
            matches.forEach(m -> where.add(m.namespace() + "/" + (m.isConnection() ? m.connection().name() : m.endpoint().name())));
            OpenAiErrors.write(ctx, 400, "The model `" + model + "` is ambiguous: it names " + String.join(", ", where)
                    + "; call it with a token of one namespace, or by an endpoint's or connection's own name.",
                    "invalid_request_error", "model", "model_ambiguous");
            return;
        }
        CatalogueEntry target = matches.getFirst();
        String path = ctx.path() + (ctx.req().getQueryString() == null ? "" : "?" + ctx.req().getQueryString());
        if (!target.isConnection()) {
            gateway.serve(ctx, target.endpoint(), path, body);
            return;
        }
        Connection c = target.connection();
        boolean rewrite = !model.equals(c.modelName());
        if (!ctx.path().equals("/v1/embeddings")) {
            boolean hadLimit = json.hasNonNull("max_tokens") || json.hasNonNull("max_completion_tokens");
            ContextWindow.Refusal refused = contextWindow.apply(c, ctx.path().equals("/v1/chat/completions"), json);
            if (refused != null) {
                OpenAiErrors.write(ctx, 400, refused.message(), "invalid_request_error", refused.param(), refused.code());
                return;
            }
            rewrite |= !hadLimit && json.has("max_tokens");
        }
        if (c.promptBuilder() != null && ctx.path().equals("/v1/chat/completions")) {
            promptedChat.serve(ctx, c, json);
            return;
        }
        if (rewrite) {
            json.put("model", c.modelName());
            try {
                body = ServerJson.MAPPER.writeValueAsBytes(json);
            } catch (IOException impossible) {
                throw new IllegalStateException(impossible);
            }
        }
        gateway.relayRemote(ctx, new EndpointId(c.namespace(), c.name()),
                new Backend("connection:" + c.namespace() + "/" + c.name(), URI.create(c.base()), c.apiKey()), path, body);
    }

    /** The first rule that matches anything decides; within it, the caller's own namespace wins. */
    public static List<CatalogueEntry> resolve(List<CatalogueEntry> visible, String model, Principal p) {
        List<Predicate<CatalogueEntry>> rules = List.of(
                e -> e.isConnection() && e.connection().modelName().equalsIgnoreCase(model),
                e -> e.isConnection() && e.connection().name().equals(model),
                e -> !e.isConnection() && e.endpoint().name().equals(model),
                e -> !e.isConnection() && model.equals(e.repository()));
        for (Predicate<CatalogueEntry> rule : rules) {
            List<CatalogueEntry> hits = visible.stream().filter(rule).toList();
            if (hits.isEmpty()) continue;
            List<CatalogueEntry> own = hits.stream().filter(e -> e.namespace().equals(p.namespace())).toList();
            return own.isEmpty() ? hits : own;
        }
        return List.of();
    }

    /** The caller's principal, or null once a 401 in OpenAI's shape is written. */
    private Principal principal(Context ctx) {
        String token = Tokens.bearer(ctx.header("Authorization"));
        String cookie = ctx.cookie(dev.hearth.server.auth.Sessions.COOKIE);
        if (ctx.header("Authorization") == null && cookie != null) {
            var check = sessions.authenticate(cookie, ctx.header(dev.hearth.server.auth.Sessions.CSRF_HEADER),
                    !ctx.method().name().equals("GET") && !ctx.method().name().equals("HEAD"));
            if (check.principal().isPresent()) return check.principal().get();
            if (check.refusal() == dev.hearth.server.auth.Sessions.Refusal.CSRF) {
                OpenAiErrors.write(ctx, 403, "The X-CSRF-Token header is missing or wrong.", "invalid_request_error", null, null);
                return null;
            }
        }
        Principal p = token == null ? null : tokens.verify(token).orElse(null);
        if (p == null) {
            ctx.header("WWW-Authenticate", "Bearer");
            OpenAiErrors.write(ctx, 401, token == null
                            ? "You didn't provide an API key: send 'Authorization: Bearer <token>' with a Hearth token."
                            : "Incorrect API key provided: the token is not a Hearth token.",
                    "invalid_request_error", null, "invalid_api_key");
        }
        return p;
    }
}
