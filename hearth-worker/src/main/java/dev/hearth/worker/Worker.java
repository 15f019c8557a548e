package dev.hearth.worker;

import dev.hearth.api.tgi.Limits;
import dev.hearth.engine.ModelFiles;
import dev.hearth.engine.batch.BatchScheduler;
import dev.hearth.engine.llama.LlamaLibrary;
import dev.hearth.engine.llama.LlamaRuntime;
import dev.hearth.engine.llama.NativeLibraries;
import dev.hearth.worker.chat.ChatPromptRenderer;
import dev.hearth.worker.generation.Admission;
import dev.hearth.worker.generation.TextGenerationService;
import dev.hearth.worker.http.ApiKeyGate;
import dev.hearth.worker.http.ChatRoutes;
import dev.hearth.worker.http.CompletionRoutes;
import dev.hearth.worker.http.ErrorMapping;
import dev.hearth.worker.http.GenerateRoutes;
import dev.hearth.worker.http.ServiceRoutes;
import dev.hearth.worker.metrics.RequestMetrics;
import dev.hearth.worker.metrics.TgiMetrics;
import io.javalin.Javalin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A running worker: one model served over TGI's and OpenAI's routes. This is the worker's composition root; every
 * collaborator is built here and handed to the one that uses it.
 *
 * <p>The HTTP port opens first and answers {@code /health} with 503 while the model loads, so whoever started the
 * process can tell "alive, loading" from "gone"; the inference routes appear once the model is ready.
 */
public final class Worker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Worker.class);
    private static final Logger llamaLog = LoggerFactory.getLogger("llama.cpp");

    private final Javalin app;
    private final AtomicReference<Loaded> loaded = new AtomicReference<>();

    private record Loaded(LlamaRuntime runtime, BatchScheduler scheduler) {}

    private Worker(Javalin app) {
        this.app = app;
    }

    /** Starts the HTTP server, loads the model, and returns once it serves. Throws if the model cannot load. */
    public static Worker start(WorkerOptions options) {
        Javalin app = Javalin.create(config -> {
            config.useVirtualThreads = true;
            config.showJavalinBanner = false;
            config.http.maxRequestSize = options.payloadLimit();
            config.bundledPlugins.enableCors(cors -> cors.addRule(rule -> rule.anyHost()));
        });
        Worker worker = new Worker(app);
        ErrorMapping.install(app);
        options.apiKey().ifPresent(key -> app.before(new ApiKeyGate(key)));
        app.before(ctx -> {
            boolean health = ctx.path().equals("/health") || ctx.path().equals("/ping")
                    || (ctx.path().equals("/") && ctx.method().name().equals("GET"));
            if (worker.loaded.get() == null && !health) {
                ServiceRoutes.unhealthy(ctx);
                ctx.skipRemainingHandlers();
            }
        });
        for (String path : new String[]{"/health", "/ping", "/"}) {
            app.get(path, ctx -> {
                if (worker.loaded.get() == null) ServiceRoutes.unhealthy(ctx);
                else ctx.status(200).result("");
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

    private void load(WorkerOptions o) {
        long started = System.nanoTime();
        Path gguf = ModelFiles.resolveGguf(o.model());
        LlamaLibrary lib = LlamaLibrary.load(NativeLibraries.locate(), Worker::llamaLog);
        int[] totals = new int[2];
        LlamaRuntime runtime = LlamaRuntime.open(lib, gguf, trained -> {
            int maxTotal = o.maxTotalTokens().orElse(trained > 0 ? Math.min(trained, 4096) : 4096);
            int maxInput = o.maxInputTokens().orElse(maxTotal - 1);
            if (maxInput >= maxTotal) {
                throw new IllegalArgumentException("--max-input-tokens (" + maxInput
                        + ") must be lower than --max-total-tokens (" + maxTotal + ")");
            }
            totals[0] = maxInput;
            totals[1] = maxTotal;
            return maxTotal;
        }, o.maxBatchSize(), 512, o.effectiveThreads());
        Limits limits = new Limits(totals[0], totals[1], o.maxStopSequences(), o.maxBestOf(), o.maxTopNTokens(),
                o.maxClientBatchSize(), false);
        TgiMetrics metrics = new TgiMetrics(limits.maxInputTokens(), limits.maxTotalTokens());
        BatchScheduler scheduler = new BatchScheduler(runtime, o.prefillChunk(), metrics);
        String modelId = o.modelId().orElse(defaultModelId(o.model()));
        TextGenerationService service = new TextGenerationService(runtime, runtime.description(), scheduler, limits);
        Admission admission = new Admission(o.maxConcurrentRequests());
        RequestMetrics requests = new RequestMetrics(metrics);
        ChatPromptRenderer chat = ChatPromptRenderer.forModel(runtime.description(), o.promptBuilder());

        new ServiceRoutes(service, metrics, modelId, o.maxConcurrentRequests()).register(app);
        new GenerateRoutes(service, admission, requests).register(app);
        new ChatRoutes(service, admission, requests, chat, modelId).register(app);
        new CompletionRoutes(service, admission, requests, modelId).register(app);
        loaded.set(new Loaded(runtime, scheduler));
        log.info("serving {} ({}) on port {}: max_input_tokens={} max_total_tokens={} max_batch_size={} threads={}, loaded in {} ms",
                modelId, runtime.description().summary(), port(), limits.maxInputTokens(), limits.maxTotalTokens(),
                o.maxBatchSize(), o.effectiveThreads(), (System.nanoTime() - started) / 1_000_000);
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
            l.scheduler().close();
            l.runtime().close();
        }
    }

}
