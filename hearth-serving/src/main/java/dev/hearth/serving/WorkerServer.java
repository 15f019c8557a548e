package dev.hearth.serving;

import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The lifecycle every worker process shares: the HTTP port opens first and answers {@code /health}, {@code /ping}
 * and {@code GET /} with 503 (and every other route too) while the model loads, so whoever started the process can
 * tell "alive, loading" from "gone"; then the runtime loads its model and binds its routes, and the health routes
 * answer 200. A model that fails to load closes the server before the failure is thrown.
 *
 * <p>Invariant: a request reaches a runtime's handler only once {@link WorkerRuntime#load()} has returned, because the
 * loading gate runs before every route and the model is published only after all handlers are bound.
 */
public final class WorkerServer<M extends AutoCloseable> implements AutoCloseable {

    /**
     * @param maxRequestSize largest request body in bytes
     * @param cors           answer cross-origin requests from any host (TGI does; TEI does not)
     */
    public record Settings(String host, int port, long maxRequestSize, boolean cors) {}

    private static final Logger log = LoggerFactory.getLogger(WorkerServer.class);
    private static final Set<String> HEALTH = Set.of("/health", "/ping");

    private final Javalin app;
    private final Map<RouteKey, Handler> handlers = new ConcurrentHashMap<>();
    private final AtomicReference<M> model = new AtomicReference<>();

    private WorkerServer(Settings settings, WorkerRuntime<M> runtime) {
        this.app = Javalin.create(config -> configure(config, settings, runtime));
    }

    /** Opens the port, loads the model, and returns once it serves. Throws what the load threw, port closed. */
    public static <M extends AutoCloseable> WorkerServer<M> start(Settings settings, WorkerRuntime<M> runtime) {
        WorkerServer<M> server = new WorkerServer<>(settings, runtime);
        server.app.start(settings.host(), settings.port());
        log.info("listening on {}:{}; loading the model", settings.host(), server.port());
        try {
            server.load(runtime);
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    private void configure(JavalinConfig config, Settings settings, WorkerRuntime<M> runtime) {
        config.concurrency.useVirtualThreads = true;
        config.startup.showJavalinBanner = false;
        config.http.maxRequestSize = settings.maxRequestSize();
        JsonErrorPages.install(config);
        if (settings.cors()) config.bundledPlugins.enableCors(cors -> cors.addRule(rule -> rule.anyHost()));
        runtime.configure().accept(config.routes);
        config.routes.before(ctx -> {
            if (model.get() == null && !isHealth(ctx)) {
                runtime.unhealthy().accept(ctx);
                ctx.skipRemainingHandlers();
            }
        });
        Handler health = ctx -> {
            if (model.get() == null) runtime.unhealthy().accept(ctx);
            else ctx.status(200).result("");
        };
        for (String path : HEALTH) config.routes.get(path, health);
        config.routes.get("/", health);
        for (RouteKey route : runtime.routes()) {
            config.routes.addHttpHandler(route.method(), route.path(), ctx -> handlers.get(route).handle(ctx));
        }
    }

    private void load(WorkerRuntime<M> runtime) {
        List<RouteKey> declared = runtime.routes();
        M loaded = runtime.load().apply((route, handler) -> {
            if (!declared.contains(route)) {
                throw new IllegalStateException(route + " is bound but not declared in routes(): it would never be served");
            }
            if (handlers.putIfAbsent(route, handler) != null) throw new IllegalStateException(route + " is bound twice");
        });
        List<RouteKey> unbound = declared.stream().filter(r -> !handlers.containsKey(r)).toList();
        if (!unbound.isEmpty()) {
            close(loaded);
            throw new IllegalStateException("declared routes without a handler: " + unbound);
        }
        model.set(loaded);
    }

    private static boolean isHealth(Context ctx) {
        return HEALTH.contains(ctx.path()) || (ctx.path().equals("/") && ctx.method().name().equals("GET"));
    }

    public int port() {
        return app.port();
    }

    public boolean ready() {
        return model.get() != null;
    }

    /** Stops serving, then closes the model (after the last request has left Jetty). */
    @Override
    public void close() {
        app.stop();
        M loaded = model.getAndSet(null);
        if (loaded != null) close(loaded);
    }

    private static void close(AutoCloseable loaded) {
        try {
            loaded.close();
        } catch (Exception e) {
            throw new IllegalStateException("closing the model failed", e);
        }
    }
}
