package dev.hearth.embed.http;

import dev.hearth.embed.service.EmbedParams;
import dev.hearth.embed.service.EmbeddingService;
import dev.hearth.serving.RouteKey;
import dev.hearth.serving.Routes;
import io.javalin.http.Context;

import java.util.List;
import java.util.Optional;

/**
 * TEI's {@code /embed} and {@code /embed_all}, and {@code POST /} bound to embed as TEI binds it for embedding
 * models.
 *
 * <p>{@code POST /} keeps TEI's always-2-D answer, with one exception for EasyLLM: a body carrying
 * {@code "task": "feature-extraction"} with a single string gets the flat vector of the legacy feature-extraction
 * pipeline. EasyLLM's {@code Embedding.create} sends exactly that body and validates the answer for a string as
 * {@code list[float]}; no TEI client sends {@code task} (huggingface_hub's {@code feature_extraction} and
 * {@code @huggingface/inference}'s {@code featureExtraction} send the options only, and expect (1, dim) from TEI).
 * {@code /pipeline/feature-extraction/<model>}, the URL EasyLLM builds from an api_base ending in
 * {@code /models}, answers in the same legacy shape.
 */
public final class EmbedRoutes {

    private final EmbeddingService service;
    private final boolean autoTruncate;

    public EmbedRoutes(EmbeddingService service, boolean autoTruncate) {
        this.service = service;
        this.autoTruncate = autoTruncate;
    }

    /** The routes {@link #register} binds, declared before the model loads (see WorkerRuntime#routes). */
    public static final List<RouteKey> ROUTES = List.of(RouteKey.post("/embed"), RouteKey.post("/invocations"), RouteKey.post("/"),
            RouteKey.post("/pipeline/feature-extraction/<model>"), RouteKey.post("/embed_all"));

    public void register(Routes routes) {
        routes.post("/embed", ctx -> embed(ctx, false));
        routes.post("/invocations", ctx -> embed(ctx, false));
        routes.post("/", ctx -> embed(ctx, false));
        routes.post("/pipeline/feature-extraction/<model>", ctx -> embed(ctx, true));
        routes.post("/embed_all", this::embedAll);
    }

    private void embed(Context ctx, boolean legacyRoute) {
        long started = System.nanoTime();
        Requests.Embed req = Bodies.read(ctx, Requests.Embed.class);
        Inputs inputs = Inputs.parse(Requests.required(req.inputs(), "inputs"), "inputs");
        EmbeddingService.Embedded e = service.embed(inputs.inputs(), inputs.batchForm(), params(req), false);
        Responses.timingHeaders(ctx, e, started);
        List<float[]> rows = e.vectors().stream().map(v -> v[0]).toList();
        boolean legacy = legacyRoute || (req.task() != null && "feature-extraction".equals(req.task().asText()));
        if (legacy && !inputs.batchForm() && inputs.inputs().getFirst() instanceof dev.hearth.embed.service.Input.Text) {
            Responses.json(ctx, rows.getFirst()); // legacy pipeline shape: one flat vector for one string
        } else {
            Responses.json(ctx, rows);
        }
    }

    private void embedAll(Context ctx) {
        long started = System.nanoTime();
        Requests.Embed req = Bodies.read(ctx, Requests.Embed.class);
        Inputs inputs = Inputs.parse(Requests.required(req.inputs(), "inputs"), "inputs");
        EmbeddingService.Embedded e = service.embed(inputs.inputs(), inputs.batchForm(), params(req), true);
        Responses.timingHeaders(ctx, e, started);
        Responses.json(ctx, e.vectors());
    }

    private EmbedParams params(Requests.Embed req) {
        return new EmbedParams(
                req.truncate() != null ? req.truncate() : autoTruncate,
                Requests.side(req.truncationDirection()),
                Optional.ofNullable(req.promptName()),
                req.normalize() == null || req.normalize(),
                Optional.ofNullable(req.dimensions()));
    }
}
