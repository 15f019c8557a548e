package dev.hearth.server.provider.local;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A stand-in worker for the provider tests, run as a real process. Serves {@code /health} on {@code $PORT}: 503 for
 * {@code READY_DELAY_MS}, then 200 (503 again after {@code GET /sick}, 200 after {@code GET /well}); {@code /} answers
 * "hello". Writes lines to stdout and stderr. {@code CRASH_AFTER_MS}/{@code CRASH_CODE} make it exit; {@code
 * SPAWN_CHILD=1} makes it start a {@code sleep} child and print the child's pid.
 */
public final class TestWorker {

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(System.getenv("PORT"));
        long readyDelayMs = Long.parseLong(System.getenv().getOrDefault("READY_DELAY_MS", "0"));
        long crashAfterMs = Long.parseLong(System.getenv().getOrDefault("CRASH_AFTER_MS", "-1"));
        int crashCode = Integer.parseInt(System.getenv().getOrDefault("CRASH_CODE", "3"));
        long readyAt = System.nanoTime() + readyDelayMs * 1_000_000;
        AtomicBoolean sick = new AtomicBoolean();

        System.out.println("one (stdout) args=" + String.join(" ", args));
        System.err.println("two (stderr)");
        System.out.println("three (stdout)");

        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/health", ex ->
                respond(ex, System.nanoTime() >= readyAt && !sick.get() ? 200 : 503, "health"));
        server.createContext("/sick", ex -> {
            sick.set(true);
            respond(ex, 200, "sick");
        });
        server.createContext("/well", ex -> {
            sick.set(false);
            respond(ex, 200, "well");
        });
        server.createContext("/", ex -> respond(ex, 200, "hello from " + System.getenv("HEARTH_REPLICA_ID")));
        server.start();

        if ("1".equals(System.getenv("SPAWN_CHILD"))) {
            Process child = new ProcessBuilder("sleep", "60").start();
            System.out.println("child " + child.pid());
        }
        if (crashAfterMs >= 0) {
            Thread.sleep(crashAfterMs);
            System.err.println("crashing with " + crashCode);
            System.exit(crashCode);
        }
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
