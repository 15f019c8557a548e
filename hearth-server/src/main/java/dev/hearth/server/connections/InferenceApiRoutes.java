package dev.hearth.server.connections;

import com.fasterxml.jackson.databind.JsonNode;
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

/**
 * The serverless Inference API's shape at the server root, for {@code huggingface_hub}'s {@code InferenceClient} and
 * other HF clients: {@code POST /models/{model_id}} (TGI's body: {@code inputs}, {@code parameters}, {@code stream})
 * and {@code POST /pipeline/feature-extraction/{model_id}} ({@code {"inputs": ...}}), where {@code model_id} may hold
 * one {@code /} ({@code meta-llama/Llama-2-7b-chat-hf}).
 *
 * <p>{@code model_id} is resolved exactly as the root router resolves {@code model} ({@link ModelRouter#resolve}). A
 * managed endpoint is served through {@link Gateway#serve} on its replica's TGI route ({@code /}, which text
 * generation and embedding replicas both serve, streaming when {@code stream} is true) or its
 * {@code /pipeline/feature-extraction/{model}} route; a {@code tgi} connection is forwarded to {@code /} of its server,
 * a {@code tei} connection to {@code /embed}. Errors are HF's {@code {"error": "..."}}, not OpenAI's.
 */
public final class InferenceApiRoutes {

    static final String MODELS = "/models/";
    static final String PIPELINE = "/pipeline/feature-extraction/";

    private final ModelCatalogue catalogue;
    private final TokenVerifier tokens;
    private final Gateway gateway;
    private final long maxBody;

    public InferenceApiRoutes(ModelCatalogue catalogue, TokenVerifier tokens, Gateway gateway, long maxBody) {
        this.catalogue = catalogue;
        this.tokens = tokens;
        this.gateway = gateway;
        this.maxBody = maxBody;
    }

    public void register(RoutesConfig routes) {
        routes.post("/models/{a}", ctx -> handle(ctx, false, ctx.pathParam("a")));
        routes.post("/models/{a}/{b}", ctx -> handle(ctx, false, ctx.pathParam("a") + "/" + ctx.pathParam("b")));
        routes.post("/pipeline/feature-extraction/{a}", ctx -> handle(ctx, true, ctx.pathParam("a")));
        routes.post("/pipeline/feature-extraction/{a}/{b}",
                ctx -> handle(ctx, true, ctx.pathParam("a") + "/" + ctx.pathParam("b")));
    }

    private void handle(Context ctx, boolean pipeline, String modelId) {
        String token = Tokens.bearer(ctx.header("Authorization"));
        Principal p = token == null ? null : tokens.verify(token).orElse(null);
        if (p == null) {
            ctx.header("WWW-Authenticate", "Bearer");
            error(ctx, 401, token == null
                    ? "Authorization header is required: send 'Authorization: Bearer <token>' with a Hearth token"
                    : "Invalid credentials in Authorization header: the token is not a Hearth token");
            return;
        }
        byte[] body;
        try {
            if (ctx.req().getContentLengthLong() > maxBody) throw new IOException("too large");
            body = ctx.req().getInputStream().readNBytes((int) maxBody + 1);
            if (body.length > maxBody) throw new IOException("too large");
        } catch (IOException e) {
            error(ctx, 413, "Payload Too Large: the request body exceeds " + maxBody + " bytes");
            return;
        }
        JsonNode json;
        try {
            json = ServerJson.MAPPER.readTree(body);
        } catch (IOException e) {
            json = null;
        }
        if (!(json instanceof ObjectNode) || !json.has("inputs")) {
            error(ctx, 400, "Bad Request: the body must be a JSON object with \"inputs\"");
            return;
        }
        List<CatalogueEntry> matches = ModelRouter.resolve(catalogue.visible(p, true), modelId, p);
        if (matches.isEmpty()) {
            error(ctx, 404, "Model " + modelId + " does not exist or you do not have access to it");
            return;
        }
        if (matches.size() > 1) {
            Set<String> where = new TreeSet<>();
            matches.forEach(m -> where.add(m.namespace() + "/" + (m.isConnection() ? m.connection().name() : m.endpoint().name())));
            error(ctx, 400, "Bad Request: model " + modelId + " is ambiguous: it names " + String.join(", ", where)
                    + "; call it with a token of one namespace, or by an endpoint's or connection's own name");
            return;
        }
        CatalogueEntry target = matches.getFirst();
        boolean embedding = target.task() != null && Prober.EMBEDDING_TASKS.contains(target.task());
        if (pipeline && !embedding) {
            error(ctx, 400, "Bad Request: model " + modelId + " serves " + (target.task() == null ? "an unknown task" : "task "
                    + target.task()) + ", not feature-extraction; call POST /models/" + modelId + " instead");
            return;
        }
        if (!target.isConnection()) {
            String path = pipeline ? PIPELINE + modelId : "/";
            gateway.serve(ctx, target.endpoint(), path, body);
            return;
        }
        Connection c = target.connection();
        String path;
        if (c.kind() == ConnectionKind.TEI) {
            path = "/embed";
        } else if (c.kind() == ConnectionKind.TGI && !pipeline) {
            path = "/";
        } else {
            error(ctx, 400, "Bad Request: connection " + c.namespace() + "/" + c.name() + " is "
                    + (c.kind() == null ? "of a kind not yet known (its server has not answered)" : "an " + c.kind().wire()
                    + " server") + ", which does not serve this route; call it through /v1/chat/completions, "
                    + "/v1/completions or /v1/embeddings");
            return;
        }
        gateway.relayRemote(ctx, new EndpointId(c.namespace(), c.name()),
                new Backend("connection:" + c.namespace() + "/" + c.name(), URI.create(c.base()), c.apiKey()), path, body, false);
    }

    /** HF's error shape, which {@code huggingface_hub} reads into its {@code HfHubHTTPError}. */
    static void error(Context ctx, int status, String message) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("error", message);
        ctx.status(status).json(body);
    }
}
