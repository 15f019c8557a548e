package dev.hearth.server.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** A replica played by a real HTTP server on a random port; every method and path goes to one handler. */
final class TestBackend implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();

    private final String replicaId;
    private final Javalin app;
    private final AtomicInteger requests = new AtomicInteger();

    private TestBackend(String replicaId, Handler handler) {
        this.replicaId = replicaId;
        Handler counted = ctx -> {
            requests.incrementAndGet();
            handler.handle(ctx);
        };
        this.app = Javalin.create(c -> {
            c.concurrency.useVirtualThreads = true;
            c.startup.showJavalinBanner = false;
            for (HandlerType t : new HandlerType[]{HandlerType.GET, HandlerType.POST, HandlerType.PUT, HandlerType.PATCH,
                    HandlerType.DELETE}) {
                c.routes.addHttpHandler(t, "/", counted);
                c.routes.addHttpHandler(t, "/<path>", counted);
            }
        });
        app.start("127.0.0.1", 0);
    }

    static TestBackend start(String replicaId, Handler handler) {
        return new TestBackend(replicaId, handler);
    }

    /** Answers 200 with what it received: method, raw path, raw query, body, headers (names lower-cased). */
    static TestBackend echo(String replicaId) {
        return start(replicaId, ctx -> {
            Map<String, Object> seen = new LinkedHashMap<>();
            seen.put("replica", replicaId);
            seen.put("method", ctx.method().name());
            seen.put("path", ctx.req().getRequestURI());
            seen.put("query", ctx.queryString());
            seen.put("body", ctx.body());
            Map<String, String> headers = new LinkedHashMap<>();
            ctx.headerMap().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v));
            seen.put("headers", headers);
            ctx.contentType("application/json").result(JSON.writeValueAsString(seen));
        });
    }

    Backend backend() {
        return new Backend(replicaId, URI.create("http://127.0.0.1:" + app.port()));
    }

    int requests() {
        return requests.get();
    }

    @Override
    public void close() {
        app.stop();
    }
}
