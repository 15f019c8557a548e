package dev.hearth.embed;

import dev.hearth.embed.batch.BatchLimits;
import dev.hearth.embed.batch.DynamicBatcher;
import dev.hearth.embed.engine.OnnxEncoder;
import dev.hearth.embed.engine.TextTokenizer;
import dev.hearth.embed.http.ApiKeyGate;
import dev.hearth.embed.http.EmbedRoutes;
import dev.hearth.embed.http.ErrorMapping;
import dev.hearth.embed.http.OpenAiRoutes;
import dev.hearth.embed.http.Responses;
import dev.hearth.embed.http.ServiceRoutes;
import dev.hearth.embed.model.ModelConfig;
import dev.hearth.embed.service.Admission;
import dev.hearth.embed.service.EmbeddingService;
import dev.hearth.embed.service.Preparation;
import dev.hearth.embed.service.TeiError;
import dev.hearth.embed.service.TeiMetrics;
import io.javalin.Javalin;
import io.javalin.http.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A running embedding worker: one ONNX model served over TEI's and OpenAI's embedding routes. This is the
 * composition root; every collaborator is built here and handed to the one that uses it.
 *
 * <p>The port opens first and answers {@code /health} with 503 (TEI's {@code Unhealthy}) while the model loads; the
 * inference routes answer once it is ready, so whoever started the process can tell "loading" from "gone".
 */
public final class EmbeddingWorker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddingWorker.class);
    /** Reported as TEI's {@code version}: the TEI API level these routes follow. */
    static final String TEI_VERSION = "1.9.3";

    private final Javalin app;
    private final AtomicReference<Loaded> loaded = new AtomicReference<>();

    private record Loaded(TextTokenizer tokenizer, OnnxEncoder encoder, DynamicBatcher batcher) {}

    private EmbeddingWorker(Javalin app) {
        this.app = app;
    }

    /** Starts the HTTP server, loads the model and returns once it serves. Throws if the model cannot load. */
    public static EmbeddingWorker start(EmbeddingOptions options) {
        Javalin app = Javalin.create(config -> {
            config.useVirtualThreads = true;
            config.showJavalinBanner = false;
            config.http.maxRequestSize = options.payloadLimit();
        });
        EmbeddingWorker worker = new EmbeddingWorker(app);
        ErrorMapping.install(app);
        options.apiKey().ifPresent(key -> app.before(new ApiKeyGate(key)));
        app.before(ctx -> {
            if (worker.loaded.get() == null && !isHealth(ctx)) {
                throw TeiError.unhealthy();
            }
        });
        for (String path : new String[]{"/health", "/ping", "/"}) {
            app.get(path, ctx -> {
                if (worker.loaded.get() == null) throw TeiError.unhealthy();
                ctx.status(200).result("");
            });
        }
        app.start(options.host(), options.port());
        try {
            worker.load(options);
        } catch (RuntimeException e) {
            worker.close();
            throw e;
        }
        return worker;
    }

    private static boolean isHealth(Context ctx) {
        String p = ctx.path();
        return p.equals("/health") || p.equals("/ping") || (p.equals("/") && ctx.method().name().equals("GET"));
    }

    private void load(EmbeddingOptions o) {
        long started = System.nanoTime();
        Path folder = EmbeddingModels.resolve(o.model(), o.cacheDir());
        ModelConfig model = ModelConfig.load(folder, o.pooling());
        // TEI: the input limit never exceeds what one batch can hold.
        int maxInput = Math.min(model.maxInputLength(), o.maxBatchTokens());
        TextTokenizer tokenizer = TextTokenizer.load(model.tokenizer());
        OnnxEncoder encoder = null;
        try {
            encoder = new OnnxEncoder(model.onnx(), o.effectiveThreads());
            BatchLimits limits = new BatchLimits(o.maxBatchTokens(), o.maxBatchRequests().orElse(o.maxConcurrentRequests()));
            TeiMetrics metrics = new TeiMetrics();
            DynamicBatcher batcher = new DynamicBatcher(encoder, limits, metrics::batch);
            metrics.queueSizeFrom(batcher::queued);
            Preparation preparation = new Preparation(tokenizer, model, maxInput, model.vocabSize());
            EmbeddingService service = new EmbeddingService(preparation, batcher, new Admission(o.maxConcurrentRequests()),
                    metrics, model.pooling(), o.maxClientBatchSize());
            String name = o.servedName();
            Responses.Info info = new Responses.Info(name, null, "float32", name,
                    Map.of("embedding", Map.of("pooling", model.pooling().wireName())), o.maxConcurrentRequests(),
                    maxInput, o.maxBatchTokens(), o.maxBatchRequests().orElse(null), o.maxClientBatchSize(),
                    o.autoTruncate(), 1, TEI_VERSION, null, null);

            new ServiceRoutes(info, metrics, tokenizer, preparation).register(app);
            new EmbedRoutes(service, o.autoTruncate()).register(app);
            new OpenAiRoutes(service, name, o.autoTruncate()).register(app);
            loaded.set(new Loaded(tokenizer, encoder, batcher));
        } catch (RuntimeException e) {
            tokenizer.close();
            if (encoder != null) encoder.close();
            throw e;
        }
        log.info("serving embeddings of {} from {} on port {}: pooling={} normalize-module={} max_input_length={} "
                        + "max_batch_tokens={} threads={}, loaded in {} ms", o.servedName(), folder, port(),
                model.pooling().wireName(), model.normalize(), maxInput, o.maxBatchTokens(), o.effectiveThreads(),
                (System.nanoTime() - started) / 1_000_000);
    }

    public int port() {
        return app.port();
    }

    public boolean ready() {
        return loaded.get() != null;
    }

    @Override
    public void close() {
        app.stop();
        Loaded l = loaded.getAndSet(null);
        if (l != null) {
            l.batcher().close();
            l.encoder().close();
            l.tokenizer().close();
        }
    }
}
