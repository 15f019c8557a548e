package dev.hearth.kubernetes;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Test support: what a pod's container serves, on 127.0.0.1 (the "pod IP" the tests' kubelet writes): an open
 * health route, and a TGI {@code /generate} that answers only with the key the replica's Secret holds.
 */
final class FakePod implements AutoCloseable {

    private final HttpServer server;
    final List<String> authorizations = new CopyOnWriteArrayList<>();
    volatile String requiredKey;

    FakePod() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/health", x -> answer(x, 200, ""));
        server.createContext("/generate", x -> {
            String auth = x.getRequestHeaders().getFirst("Authorization");
            authorizations.add(String.valueOf(auth));
            x.getRequestBody().readAllBytes();
            if (requiredKey == null || !("Bearer " + requiredKey).equals(auth)) {
                answer(x, 401, "{\"error\":\"wrong key\",\"error_type\":\"authentication\"}");
            } else {
                answer(x, 200, "{\"generated_text\":\" from the pod\"}");
            }
        });
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    private static void answer(com.sun.net.httpserver.HttpExchange x, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().set("Content-Type", "application/json");
        x.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) x.getResponseBody().write(bytes);
        x.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
