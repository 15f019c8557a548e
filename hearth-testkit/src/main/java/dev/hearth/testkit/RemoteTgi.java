package dev.hearth.testkit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * A remote TGI server as a connection's check sees it, on 127.0.0.1: {@code GET /info} names the model and its
 * limit, {@code POST /tokenize} takes only {@code Bearer KEY} (TGI gates it with {@code --api-key}; the check calls it
 * to test the key at no cost). {@link #mode} makes it refuse the key or stop being an inference server, so that a
 * re-check has something to find.
 */
public final class RemoteTgi implements AutoCloseable {

    public enum Mode {
        /** Serves the model and takes the key. */
        SERVING,
        /** The key was rotated: {@code /tokenize} answers 401. */
        KEY_ROTATED,
        /** Something else took the port: every route answers 404 text. */
        GONE
    }

    private final HttpServer server;
    private volatile Mode mode = Mode.SERVING;

    private RemoteTgi(String key, String model, int maxTotalTokens) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        String info = "{\"model_id\":\"" + model + "\",\"model_pipeline_tag\":\"text-generation\",\"max_total_tokens\":"
                + maxTotalTokens + ",\"max_input_tokens\":" + (maxTotalTokens - 1) + "}";
        server.createContext("/", ex -> {
            String path = ex.getRequestURI().getPath();
            boolean keyTaken = mode == Mode.SERVING
                    && ("Bearer " + key).equals(ex.getRequestHeaders().getFirst("Authorization"));
            if (mode == Mode.GONE) answer(ex, 404, "text/plain", "Not Found");
            else if (path.equals("/info")) answer(ex, 200, "application/json", info);
            else if (path.equals("/tokenize") && keyTaken) answer(ex, 200, "application/json",
                    "[{\"id\":1,\"text\":\"Hello\",\"start\":0,\"stop\":5}]");
            else if (path.equals("/tokenize")) answer(ex, 401, "application/json", "{\"error\":\"Unauthorized\"}");
            else answer(ex, 404, "text/plain", "Not Found");
        });
        server.start();
    }

    /** Starts one serving {@code model} with {@code key} and a limit of {@code maxTotalTokens}. */
    public static RemoteTgi start(String key, String model, int maxTotalTokens) {
        try {
            return new RemoteTgi(key, model, maxTotalTokens);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public void mode(Mode mode) {
        this.mode = mode;
    }

    private static void answer(HttpExchange ex, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, bytes.length);
        try (var out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
