package dev.hearth.server.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.server.auth.Principal;
import io.javalin.Javalin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** A gateway on a random port in front of a {@link MapRoutingTable}, with three tokens. */
final class GatewayFixture implements AutoCloseable {

    static final String ACME = "tok-acme";
    static final String OTHER = "tok-other";
    static final String ADMIN = "tok-admin";
    static final Map<String, Principal> TOKENS = Map.of(
            ACME, new Principal("acme", false),
            OTHER, new Principal("other", false),
            ADMIN, new Principal("root", true));

    static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    final MapRoutingTable table = new MapRoutingTable();
    final Gateway gateway;
    private final Javalin app;

    GatewayFixture() {
        this(GatewaySettings.defaults().withMaxRequestBytes(64 * 1024));
    }

    GatewayFixture(GatewaySettings settings) {
        gateway = new Gateway(table, token -> Optional.ofNullable(TOKENS.get(token)), settings);
        app = Javalin.create(c -> {
            c.concurrency.useVirtualThreads = true;
            c.startup.showJavalinBanner = false;
            gateway.register(c.routes);
        });
        app.start("127.0.0.1", 0);
    }

    int port() {
        return app.port();
    }

    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port() + path)).timeout(Duration.ofSeconds(30));
    }

    HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    HttpResponse<String> get(String path) {
        return send(request(path).GET());
    }

    static JsonNode json(HttpResponse<String> response) {
        try {
            return TestBackend.JSON.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + response.body(), e);
        }
    }

    @Override
    public void close() {
        app.stop();
        gateway.close();
    }
}
