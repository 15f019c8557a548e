package dev.hearth.embed;

import dev.hearth.embed.batch.BatchLimits;
import dev.hearth.embed.batch.DynamicBatcher;
import dev.hearth.embed.engine.OnnxEncoder;
import dev.hearth.embed.engine.TextTokenizer;
import dev.hearth.embed.http.EmbedRoutes;
import dev.hearth.embed.http.ErrorMapping;
import dev.hearth.embed.http.OpenAiRoutes;
import dev.hearth.embed.http.Responses;
import dev.hearth.embed.http.ServiceRoutes;
import dev.hearth.embed.http.TeiApiKeyGate;
import dev.hearth.embed.model.ModelConfig;
import dev.hearth.embed.service.Admission;
import dev.hearth.embed.service.EmbeddingService;
import dev.hearth.embed.service.Preparation;
import dev.hearth.embed.service.TeiError;
import dev.hearth.embed.service.TeiMetrics;
import dev.hearth.serving.RouteKey;
import dev.hearth.serving.Routes;
import dev.hearth.serving.WorkerRuntime;
import dev.hearth.serving.WorkerServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.Map;

/**
 * A running embedding worker: one ONNX model served over TEI's and OpenAI's embedding routes. This is the
 * composition root; every collaborator is built here and handed to the one that uses it. The lifecycle (port first,
 * 503 while loading) is {@link WorkerServer}'s; what is TEI's own is here: its routes, error shape and API key gate.
 */
public final class EmbeddingWorker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddingWorker.class);
    /** Reported as TEI's {@code version}: the TEI API level these routes follow. */
    static final String TEI_VERSION = "1.9.3";

    private final WorkerServer<Loaded> server;

    private record Loaded(TextTokenizer tokenizer, OnnxEncoder encoder, DynamicBatcher batcher) implements AutoCloseable {
        @Override
        public void close() {
            batcher.close();
            encoder.close();
            tokenizer.close();
        }
    }

    private EmbeddingWorker(WorkerServer<Loaded> server) {
        this.server = server;
    }

    /** Starts the HTTP server, loads the model and returns once it serves. Throws if the model cannot load. */
    public static EmbeddingWorker start(EmbeddingOptions options) {
        var settings = new WorkerServer.Settings(options.host(), options.port(), options.payloadLimit(), false);
        return new EmbeddingWorker(WorkerServer.start(settings, tei(options)));
    }

    /** TEI's side of the worker lifecycle: its routes, error shape and key gate. */
    private static WorkerRuntime<Loaded> tei(EmbeddingOptions options) {
        return new WorkerRuntime<>(RouteKey.all(ServiceRoutes.ROUTES, EmbedRoutes.ROUTES, OpenAiRoutes.ROUTES),
                routes -> {
                    ErrorMapping.install(routes);
                    options.apiKey().ifPresent(key -> routes.before(new TeiApiKeyGate(key)));
                },
                ctx -> ErrorMapping.apiError(ctx, TeiError.unhealthy()), routes -> load(options, routes));
    }

    private static Loaded load(EmbeddingOptions o, Routes routes) {
        long started = System.nanoTime();
        Path folder = EmbeddingModels.resolve(o.model(), o.cacheDir());
        ModelConfig model = ModelConfig.load(folder, o.pooling());
        // TEI: the input limit never exceeds what one batch can hold.
        int maxInput = Math.min(model.maxInputLength(), o.maxBatchTokens());
        TextTokenizer tokenizer = TextTokenizer.load(model.tokenizer());
        OnnxEncoder encoder = null;
        Loaded loaded;
        try {
            encoder = new OnnxEncoder(model.onnx(), o.effectiveThreads());
            BatchLimits limits = new BatchLimits(o.maxBatchTokens(), o.maxBatchRequests().orElse(o.maxConcurrentRequests()));
            TeiMetrics metrics = new TeiMetrics();
            DynamicBatcher batcher = new DynamicBatcher(encoder, limits, metrics::batch);
            metrics.queueSize(batcher::queued);
            Preparation preparation = new Preparation(tokenizer, model, maxInput, model.vocabSize());
            EmbeddingService service = new EmbeddingService(preparation, batcher, new Admission(o.maxConcurrentRequests()),
                    metrics, model.pooling(), o.maxClientBatchSize());
            String name = o.servedName();
            Responses.Info info = new Responses.Info(name, null, "float32", name,
                    Map.of("embedding", Map.of("pooling", model.pooling().wireName())), o.maxConcurrentRequests(),
                    maxInput, o.maxBatchTokens(), o.maxBatchRequests().orElse(null), o.maxClientBatchSize(),
                    o.autoTruncate(), 1, TEI_VERSION, null, null);

            new ServiceRoutes(info, metrics, tokenizer, preparation).register(routes);
            new EmbedRoutes(service, o.autoTruncate()).register(routes);
            new OpenAiRoutes(service, name, o.autoTruncate()).register(routes);
            loaded = new Loaded(tokenizer, encoder, batcher);
        } catch (RuntimeException e) {
            tokenizer.close();
            if (encoder != null) encoder.close();
            throw e;
        }
        log.info("serving embeddings of {} from {}: pooling={} normalize-module={} max_input_length={} "
                        + "max_batch_tokens={} threads={}, loaded in {} ms", o.servedName(), folder,
                model.pooling().wireName(), model.normalize(), maxInput, o.maxBatchTokens(), o.effectiveThreads(),
                (System.nanoTime() - started) / 1_000_000);
        return loaded;
    }

    public int port() {
        return server.port();
    }

    public boolean ready() {
        return server.ready();
    }

    @Override
    public void close() {
        server.close();
    }
}
