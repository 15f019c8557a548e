package dev.hearth.embed.http;

import dev.hearth.api.BodyRejection;
import dev.hearth.api.openai.ModelList;
import dev.hearth.embed.engine.Tokens;
import dev.hearth.embed.service.EmbedParams;
import dev.hearth.embed.service.EmbeddingService;
import dev.hearth.serving.RouteKey;
import dev.hearth.serving.Routes;
import io.javalin.http.Context;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * OpenAI's {@code /v1/embeddings} (also {@code /embeddings}) as TEI serves it: always normalized, truncated on the
 * right only when the server auto-truncates, {@code model} accepted whatever it names (TEI only warns), errors in
 * TEI's flat OpenAI shape (see {@link ErrorMapping}).
 */
public final class OpenAiRoutes {

    /** Marks a request as OpenAI-shaped, so errors render as {@code {"message","code","type"}}. */
    static final String OPENAI = "hearth.embed.openai";

    private final EmbeddingService service;
    private final String modelId;
    private final boolean autoTruncate;

    public OpenAiRoutes(EmbeddingService service, String modelId, boolean autoTruncate) {
        this.service = service;
        this.modelId = modelId;
        this.autoTruncate = autoTruncate;
    }

    /** The routes {@link #register} binds, declared before the model loads (see WorkerRuntime#routes). */
    public static final List<RouteKey> ROUTES = List.of(RouteKey.post("/v1/embeddings"), RouteKey.post("/embeddings"), RouteKey.get("/v1/models"));

    public void register(Routes routes) {
        routes.post("/v1/embeddings", this::embeddings);
        routes.post("/embeddings", this::embeddings);
        routes.get("/v1/models", ctx -> Responses.json(ctx, ModelList.single(modelId)));
    }

    private void embeddings(Context ctx) {
        long started = System.nanoTime();
        ctx.attribute(OPENAI, true);
        Requests.OpenAiEmbed req = Bodies.read(ctx, Requests.OpenAiEmbed.class);
        boolean base64 = switch (req.encodingFormat() == null ? "float" : req.encodingFormat()) {
            case "float" -> false;
            case "base64" -> true;
            default -> throw BodyRejection.invalid("encoding_format: unknown variant `" + req.encodingFormat()
                    + "`, expected `float` or `base64`", null);
        };
        Inputs inputs = Inputs.parse(Requests.required(req.input(), "input"), "input");
        EmbedParams params = new EmbedParams(autoTruncate, Tokens.Side.RIGHT, Optional.empty(), true,
                Optional.ofNullable(req.dimensions()));
        EmbeddingService.Embedded e = service.embed(inputs.inputs(), inputs.batchForm(), params, false);
        List<Responses.OpenAiEmbedding> data = new ArrayList<>(e.vectors().size());
        for (int i = 0; i < e.vectors().size(); i++) {
            float[] v = e.vectors().get(i)[0];
            data.add(new Responses.OpenAiEmbedding(base64 ? base64(v) : v, i));
        }
        Responses.timingHeaders(ctx, e, started);
        Responses.json(ctx, new Responses.OpenAiEmbeddings(data, modelId, new Responses.Usage(e.tokens(), e.tokens())));
    }

    /** The vector's bytes as little-endian IEEE-754 f32, base64 with padding (what numpy's frombuffer reads). */
    static String base64(float[] v) {
        ByteBuffer bytes = ByteBuffer.allocate(v.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(v);
        return Base64.getEncoder().encodeToString(bytes.array());
    }
}
