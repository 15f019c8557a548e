package dev.hearth.worker;

import dev.hearth.api.tgi.Limits;
import dev.hearth.engine.ModelFiles;
import dev.hearth.engine.batch.BatchScheduler;
import dev.hearth.engine.llama.LlamaLibrary;
import dev.hearth.engine.llama.LlamaRuntime;
import dev.hearth.engine.llama.NativeLibraries;
import dev.hearth.worker.chat.ChatPromptRenderer;
import dev.hearth.worker.generation.Admission;
import dev.hearth.worker.generation.Constraints;
import dev.hearth.worker.generation.TextGenerationService;
import dev.hearth.worker.http.ChatRoutes;
import dev.hearth.worker.http.CompletionRoutes;
import dev.hearth.worker.http.ErrorMapping;
import dev.hearth.worker.http.GenerateRoutes;
import dev.hearth.worker.http.ServiceRoutes;
import dev.hearth.worker.http.TgiApiKeyGate;
import dev.hearth.worker.metrics.RequestMetrics;
import dev.hearth.worker.metrics.TgiMetrics;
import dev.hearth.serving.RouteKey;
import dev.hearth.serving.Routes;
import dev.hearth.serving.WorkerRuntime;
import dev.hearth.serving.WorkerServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.function.IntUnaryOperator;

/**
 * A running worker: one model served over TGI's and OpenAI's routes. This is the worker's composition root; every
 * collaborator is built here and handed to the one that uses it. The lifecycle (port first, 503 while loading) is
 * {@link WorkerServer}'s; what is TGI's own is here: its routes, its error shape, its API key gate, CORS.
 */
public final class Worker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Worker.class);
    private static final Logger llamaLog = LoggerFactory.getLogger("llama.cpp");

    private final WorkerServer<Loaded> server;

    private record Loaded(LlamaRuntime runtime, BatchScheduler scheduler) implements AutoCloseable {
        @Override
        public void close() {
            scheduler.close();
            runtime.close();
        }
    }

    private Worker(WorkerServer<Loaded> server) {
        this.server = server;
    }

    /** Starts the HTTP server, loads the model, and returns once it serves. Throws if the model cannot load. */
    public static Worker start(WorkerOptions options) {
        var settings = new WorkerServer.Settings(options.host(), options.port(), options.payloadLimit(), true);
        return new Worker(WorkerServer.start(settings, tgi(options)));
    }

    /** TGI's side of the worker lifecycle: its routes, error shape and key gate. */
    private static WorkerRuntime<Loaded> tgi(WorkerOptions options) {
        return new WorkerRuntime<>(
                RouteKey.all(ServiceRoutes.ROUTES, GenerateRoutes.ROUTES, ChatRoutes.ROUTES, CompletionRoutes.ROUTES),
                routes -> {
                    ErrorMapping.install(routes);
                    options.apiKey().ifPresent(key -> routes.before(new TgiApiKeyGate(key)));
                },
                ServiceRoutes::unhealthy, routes -> load(options, routes));
    }

    private static Loaded load(WorkerOptions o, Routes routes) {
        long started = System.nanoTime();
        Path gguf = ModelFiles.resolveGguf(o.model());
        LlamaLibrary lib = LlamaLibrary.load(NativeLibraries.locate(), Worker::llamaLog);
        TokenLimits sizing = new TokenLimits(o);
        LlamaRuntime runtime = LlamaRuntime.open(lib, gguf, sizing, o.maxBatchSize(), 512, o.effectiveThreads());
        Limits limits = new Limits(sizing.maxInput, sizing.maxTotal, o.maxStopSequences(), o.maxBestOf(), o.maxTopNTokens(),
                o.maxClientBatchSize(), true);
        TgiMetrics metrics = new TgiMetrics(limits.maxInputTokens(), limits.maxTotalTokens());
        BatchScheduler scheduler = new BatchScheduler(runtime, o.prefillChunk(), metrics, o.prefixCache());
        String modelId = o.modelId().orElse(defaultModelId(o.model()));
        TextGenerationService service = new TextGenerationService(runtime, runtime.description(), scheduler, limits,
                new Constraints(runtime.grammars()));
        Admission admission = new Admission(o.maxConcurrentRequests());
        RequestMetrics requests = new RequestMetrics(metrics);
        ChatPromptRenderer chat = ChatPromptRenderer.forModel(runtime.description(), o.promptBuilder());

        new ServiceRoutes(service, metrics, modelId, o.maxConcurrentRequests()).register(routes);
        new GenerateRoutes(service, admission, requests).register(routes);
        new ChatRoutes(service, admission, requests, chat, modelId).register(routes);
        new CompletionRoutes(service, admission, requests, modelId).register(routes);
        log.info("serving {} ({}): max_input_tokens={} max_total_tokens={} max_batch_size={} threads={}, loaded in {} ms",
                modelId, runtime.description().summary(), limits.maxInputTokens(), limits.maxTotalTokens(),
                o.maxBatchSize(), o.effectiveThreads(), (System.nanoTime() - started) / 1_000_000);
        return new Loaded(runtime, scheduler);
    }

    /**
     * Picks each slot's context from the model's training length, as TGI's launcher does (min(trained, 4096) unless
     * given), and keeps the token limits it chose for {@link Limits}. Called once, by {@link LlamaRuntime#open}.
     */
    private static final class TokenLimits implements IntUnaryOperator {
        private final WorkerOptions options;
        private int maxInput;
        private int maxTotal;

        TokenLimits(WorkerOptions options) {
            this.options = options;
        }

        @Override
        public int applyAsInt(int trained) {
            maxTotal = options.maxTotalTokens().orElse(trained > 0 ? Math.min(trained, 4096) : 4096);
            maxInput = options.maxInputTokens().orElse(maxTotal - 1);
            if (maxInput >= maxTotal) {
                throw new IllegalArgumentException("--max-input-tokens (" + maxInput
                        + ") must be lower than --max-total-tokens (" + maxTotal + ")");
            }
            return maxTotal;
        }
    }

    public static String defaultModelId(Path model) {
        Path name = model.toAbsolutePath().normalize().getFileName();
        return name == null ? "model" : name.toString();
    }

    /** ggml levels: 1 debug, 2 info, 3 warn, 4 error, 5 continuation. llama.cpp is chatty; its info goes to debug. */
    private static void llamaLog(int level, String line) {
        if (line.isBlank()) return;
        switch (level) {
            case 4 -> llamaLog.error(line);
            case 3 -> llamaLog.warn(line);
            default -> llamaLog.debug(line);
        }
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
