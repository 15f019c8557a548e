package dev.hearth.worker.http;

import dev.hearth.api.WireJson;
import dev.hearth.api.openai.ModelList;
import dev.hearth.api.tgi.ErrorResponse;
import dev.hearth.api.tgi.GenerateRequest;
import dev.hearth.api.tgi.Info;
import dev.hearth.api.tgi.SimpleToken;
import dev.hearth.engine.Tokenizer;
import dev.hearth.worker.HearthVersion;
import dev.hearth.worker.generation.TextGenerationService;
import dev.hearth.worker.metrics.TgiMetrics;
import dev.hearth.serving.RouteKey;
import dev.hearth.serving.Routes;
import io.javalin.http.Context;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Health, /info, /metrics, /tokenize and /v1/models. */
public final class ServiceRoutes {

    private final TextGenerationService service;
    private final TgiMetrics metrics;
    private final String modelId;
    private final int maxConcurrentRequests;

    public ServiceRoutes(TextGenerationService service, TgiMetrics metrics, String modelId, int maxConcurrentRequests) {
        this.service = service;
        this.metrics = metrics;
        this.modelId = modelId;
        this.maxConcurrentRequests = maxConcurrentRequests;
    }

    /** The routes {@link #register} binds, declared before the model loads (see WorkerRuntime#routes). */
    public static final List<RouteKey> ROUTES = List.of(RouteKey.get("/info"), RouteKey.get("/v1/models"), RouteKey.get("/metrics"), RouteKey.post("/tokenize"));

    public void register(Routes routes) {
        routes.get("/info", ctx -> json(ctx, Info.of(modelId, null, "text-generation", maxConcurrentRequests,
                service.limits(), HearthVersion.VERSION)));
        routes.get("/v1/models", ctx -> json(ctx, ModelList.single(modelId)));
        routes.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape()));
        routes.post("/tokenize", ctx -> {
            GenerateRequest req = Bodies.read(ctx, GenerateRequest.class);
            json(ctx, tokenize(service.tokenizer(), req.inputs(), true));
        });
    }

    /** Health before the model is loaded: TGI's 503 shape. */
    public static void unhealthy(Context ctx) {
        ctx.status(503).contentType("application/json").result(WireJson.write(ErrorResponse.unhealthy()));
    }

    /**
     * Tokens of {@code text} with byte offsets into it, as TGI's fast-tokenizer {@code /tokenize} reports them.
     * Added tokens (BOS) and the space some tokenizers put in front of the first word cover no input bytes.
     */
    static List<SimpleToken> tokenize(Tokenizer tokenizer, String text, boolean addSpecial) {
        byte[] input = text.getBytes(StandardCharsets.UTF_8);
        int[] ids = tokenizer.tokenize(text, addSpecial, true);
        List<SimpleToken> out = new ArrayList<>(ids.length);
        int at = 0;
        for (int id : ids) {
            byte[] piece = tokenizer.pieceBytes(id, true);
            int start = at, stop = at;
            if (matches(input, at, piece, 0)) {
                stop = at + piece.length;
            } else if (piece.length > 0 && piece[0] == ' ' && matches(input, at, piece, 1)) {
                stop = at + piece.length - 1;
            }
            at = stop;
            out.add(new SimpleToken(id, new String(Arrays.copyOfRange(input, start, stop), StandardCharsets.UTF_8), start, stop));
        }
        return out;
    }

    private static boolean matches(byte[] input, int at, byte[] piece, int from) {
        int n = piece.length - from;
        if (n <= 0 || at + n > input.length) return false;
        return Arrays.equals(input, at, at + n, piece, from, piece.length);
    }

    static void json(Context ctx, Object body) {
        ctx.contentType("application/json").result(WireJson.write(body));
    }
}
