package dev.hearth.server.http;

import dev.hearth.server.endpoint.ConcurrentChangeException;
import dev.hearth.server.endpoint.EndpointId;
import io.javalin.Javalin;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** The one mapper's answers, over real HTTP. */
class ServerErrorsTest {

    @Test
    void anUpdateThatKeptLosingTheRaceAnswers409InTheHubsErrorShapeAskingToRetry() throws Exception {
        Javalin app = Javalin.create(config -> {
            ServerErrors.install(config.routes);
            config.routes.put("/v2/endpoint/alice/e", ctx -> {
                throw new ConcurrentChangeException(new EndpointId("alice", "e"));
            });
        });
        app.start("127.0.0.1", 0);
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + "/v2/endpoint/alice/e"))
                    .PUT(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(409);
            assertThat(r.body()).startsWith("{\"error\":").contains("changed concurrently").contains("retry");
        } finally {
            app.stop();
        }
    }
}
