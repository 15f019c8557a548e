package dev.hearth.server.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code GET /v2/endpoint/{ns}/{name}/logs/stream} with real workers: each replica's log from its first line, a
 * replica started after the stream opened announced and followed, the end of the stream when the endpoint is
 * deleted, and the refusals in the Hub's error shape.
 */
class LogStreamTest extends ControlPlaneTest {

    /** What an SSE stream sent, as (event, data) pairs, read on its own thread. */
    static final class Events {
        final List<String[]> seen = new ArrayList<>();
        final CountDownLatch connected = new CountDownLatch(1);
        final CompletableFuture<Void> reading;

        Events(InputStream body) {
            reading = CompletableFuture.runAsync(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
                    String event = null;
                    for (String line; (line = r.readLine()) != null; ) {
                        if (line.startsWith(":")) connected.countDown();
                        else if (line.startsWith("event: ")) event = line.substring(7);
                        else if (line.startsWith("data: ")) {
                            synchronized (seen) { seen.add(new String[]{event, line.substring(6)}); }
                        }
                    }
                } catch (java.io.IOException e) {
                    // closed by the test
                }
            });
        }

        List<JsonNode> of(String type) {
            synchronized (seen) {
                return seen.stream().filter(e -> e[0].equals(type)).map(e -> json(e[1])).toList();
            }
        }

        /** Everything the stream sent of one replica's log, in order. */
        String logOf(String replica) {
            StringBuilder out = new StringBuilder();
            of("log").stream().filter(j -> j.get("replica").asText().equals(replica)).forEach(j -> out.append(j.get("text").asText()));
            return out.toString();
        }

        private static JsonNode json(String s) {
            try {
                return ControlPlane.JSON.readTree(s);
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    static HttpResponse<InputStream> open(String path, String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).header("Accept", "text/event-stream").GET();
        if (authorization != null) b.header("Authorization", authorization);
        return ControlPlane.HTTP.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
    }

    @Test
    void theStreamSendsEachReplicasLogFromItsFirstLineThenLinesWrittenAfterItOpenedAndEndsOnDelete() throws Exception {
        assertThat(api.post("/v2/endpoint/alice", ControlPlane.createBody("streamed", model, 1, 2, "protected")).status()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(120)).until(() -> "running".equals(api.get("/v2/endpoint/alice/streamed").state()));
        String firstLog = api.get("/v2/endpoint/alice/streamed/logs?tail=10000").body();
        String firstLine = firstLog.lines().skip(1).findFirst().orElseThrow();

        HttpResponse<InputStream> stream = open("/v2/endpoint/alice/streamed/logs/stream", "Bearer " + ControlPlane.ADMIN);
        assertThat(stream.statusCode()).isEqualTo(200);
        assertThat(stream.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/event-stream");
        Events events = new Events(stream.body());
        assertThat(events.connected.await(30, TimeUnit.SECONDS)).isTrue();

        await().atMost(Duration.ofSeconds(30)).until(() -> events.of("replica").size() == 1);
        String first = events.of("replica").getFirst().get("replica").asText();
        await().atMost(Duration.ofSeconds(30)).until(() -> events.logOf(first).contains("serving "));
        assertThat(events.logOf(first)).startsWith(firstLine); // from the first line, not a tail

        // A second replica starts after the stream opened: every line of its log is written after that.
        assertThat(api.put("/v2/endpoint/alice/streamed", "{\"compute\":{\"scaling\":{\"minReplica\":2,\"maxReplica\":2}}}").status())
                .isEqualTo(200);
        await().atMost(Duration.ofSeconds(120)).until(() -> events.of("replica").stream()
                .anyMatch(j -> !j.get("replica").asText().equals(first)));
        String second = events.of("replica").stream().map(j -> j.get("replica").asText())
                .filter(id -> !id.equals(first)).findFirst().orElseThrow();
        await().atMost(Duration.ofSeconds(120)).until(() -> events.logOf(second).contains("serving "));
        String written = api.get("/v2/endpoint/alice/streamed/logs?tail=10000").body();
        String secondInFile = written.substring(written.indexOf("==> replica " + second));
        secondInFile = secondInFile.substring(secondInFile.indexOf('\n') + 1);
        int nextHeader = secondInFile.indexOf("==> replica ");
        if (nextHeader >= 0) secondInFile = secondInFile.substring(0, nextHeader);
        assertThat(secondInFile).startsWith(events.logOf(second).lines().findFirst().orElseThrow());

        assertThat(api.delete("/v2/endpoint/alice/streamed").status()).isEqualTo(200);
        events.reading.get(30, TimeUnit.SECONDS); // the server ended the stream
        assertThat(events.of("deleted")).singleElement()
                .satisfies(j -> assertThat(j.get("name").asText()).isEqualTo("streamed"));
    }

    @Test
    void aStreamWithoutATokenIsRefusedWith401InTheHubErrorShape() throws Exception {
        HttpResponse<InputStream> r = open("/v2/endpoint/alice/anything/logs/stream", null);
        assertThat(r.statusCode()).isEqualTo(401);
        JsonNode body = ControlPlane.JSON.readTree(r.body());
        assertThat(body.get("error").asText()).isNotBlank();
    }

    @Test
    void aStreamOfAnUnknownEndpointIsRefusedWith404InTheHubErrorShape() throws Exception {
        HttpResponse<InputStream> r = open("/v2/endpoint/alice/nope/logs/stream", "Bearer " + ControlPlane.ADMIN);
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(ControlPlane.JSON.readTree(r.body()).get("error").asText()).contains("nope");
    }

    @Test
    void aStreamWithoutTheEventStreamAcceptHeaderIsRefusedWith406() throws Exception {
        assertThat(api.post("/v2/endpoint/alice", ControlPlane.sleeperBody("plain", "m")).status()).isEqualTo(202);
        ControlPlane.Response r = api.get("/v2/endpoint/alice/plain/logs/stream");
        assertThat(r.status()).isEqualTo(406);
        assertThat(r.json().get("error").asText()).contains("text/event-stream");
    }
}
