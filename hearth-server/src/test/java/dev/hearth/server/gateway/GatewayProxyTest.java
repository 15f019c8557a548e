package dev.hearth.server.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.server.endpoint.EndpointId;
import dev.hearth.server.endpoint.EndpointState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static dev.hearth.server.gateway.GatewayFixture.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GatewayProxyTest {

    private static final EndpointId ECHO = new EndpointId("acme", "echo");

    private final GatewayFixture gw = new GatewayFixture();
    private final List<TestBackend> backends = new ArrayList<>();

    @AfterEach
    void stop() {
        gw.close();
        backends.forEach(TestBackend::close);
    }

    private TestBackend serve(EndpointId id, TestBackend backend) {
        backends.add(backend);
        gw.table.set(id, "public", EndpointState.RUNNING, backend.backend());
        return backend;
    }

    @Test
    void forwardsMethodPathQueryBodyAndHeadersWithThePrefixStripped() {
        serve(ECHO, TestBackend.echo("r1"));
        HttpResponse<String> r = gw.send(gw.request("/endpoints/acme/echo/v1/chat/completions?a=1&b=x%20y")
                .header("X-Custom", "yes").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"hello\":1}")));

        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode seen = json(r);
        assertThat(seen.get("method").asText()).isEqualTo("POST");
        assertThat(seen.get("path").asText()).isEqualTo("/v1/chat/completions");
        assertThat(seen.get("query").asText()).isEqualTo("a=1&b=x%20y");
        assertThat(seen.get("body").asText()).isEqualTo("{\"hello\":1}");
        assertThat(seen.at("/headers/x-custom").asText()).isEqualTo("yes");
        assertThat(seen.at("/headers/content-type").asText()).isEqualTo("application/json");
        assertThat(seen.at("/headers/x-forwarded-prefix").asText()).isEqualTo("/endpoints/acme/echo");
    }

    @Test
    void theEndpointRootIsTheReplicaRootAndEveryMethodPasses() {
        serve(ECHO, TestBackend.echo("r1"));
        assertThat(json(gw.get("/endpoints/acme/echo")).get("path").asText()).isEqualTo("/");
        assertThat(json(gw.get("/endpoints/acme/echo/")).get("path").asText()).isEqualTo("/");
        for (String method : List.of("PUT", "PATCH", "DELETE")) {
            HttpResponse<String> r = gw.send(gw.request("/endpoints/acme/echo/items/7")
                    .method(method, HttpRequest.BodyPublishers.ofString("x")));
            assertThat(json(r).get("method").asText()).isEqualTo(method);
            assertThat(json(r).get("path").asText()).isEqualTo("/items/7");
        }
    }

    @Test
    void theCallersTokenAndTheGatewaysOwnHeadersAreNotForwarded() {
        gw.table.set(ECHO, "protected", EndpointState.RUNNING, serve(ECHO, TestBackend.echo("r1")).backend());
        HttpResponse<String> r = gw.send(gw.request("/endpoints/acme/echo/generate")
                .header("Authorization", "Bearer " + GatewayFixture.ACME).header("X-Scale-Up-Timeout", "5")
                .POST(HttpRequest.BodyPublishers.ofString("{}")));

        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode headers = json(r).get("headers");
        assertThat(headers.has("authorization")).isFalse();
        assertThat(headers.has("x-scale-up-timeout")).isFalse();
        assertThat(r.body()).doesNotContain(GatewayFixture.ACME);
    }

    @Test
    void theReplicaGetsItsOwnKeyInPlaceOfTheCallersToken() {
        TestBackend echo = TestBackend.echo("r1");
        backends.add(echo);
        Backend plain = echo.backend();
        gw.table.set(ECHO, "protected", EndpointState.RUNNING, new Backend(plain.replicaId(), plain.address(), "replica-key"));
        HttpResponse<String> r = gw.send(gw.request("/endpoints/acme/echo/generate")
                .header("Authorization", "Bearer " + GatewayFixture.ACME)
                .POST(HttpRequest.BodyPublishers.ofString("{}")));

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json(r).at("/headers/authorization").asText()).isEqualTo("Bearer replica-key");
        assertThat(r.body()).doesNotContain(GatewayFixture.ACME);
        assertThat(new Backend("r1", plain.address(), "replica-key").toString()).doesNotContain("replica-key");
    }

    @Test
    void relaysTheReplicasStatusHeadersAndBody() {
        serve(ECHO, TestBackend.start("r1", ctx -> {
            ctx.res().addHeader("Set-Cookie", "a=1");
            ctx.res().addHeader("Set-Cookie", "b=2");
            ctx.status(422).header("X-Reply", "made").contentType("application/json")
                    .result("{\"error\":\"Input validation error\",\"error_type\":\"validation\"}");
        }));
        HttpResponse<String> r = gw.get("/endpoints/acme/echo/generate");

        assertThat(r.statusCode()).isEqualTo(422);
        assertThat(r.headers().firstValue("X-Reply")).hasValue("made");
        assertThat(r.headers().allValues("Set-Cookie")).containsExactly("a=1", "b=2");
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(r.headers().allValues("Date")).hasSizeLessThanOrEqualTo(1);
        assertThat(r.body()).isEqualTo("{\"error\":\"Input validation error\",\"error_type\":\"validation\"}");
    }

    @Test
    void serverSentEventsArriveOneByOneAsTheReplicaSendsThem() throws Exception {
        AtomicLong secondSentAt = new AtomicLong();
        serve(ECHO, TestBackend.start("r1", ctx -> {
            ctx.status(200).header("Content-Type", "text/event-stream");
            OutputStream out = ctx.res().getOutputStream();
            out.write("data: {\"n\":1}\n\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            Thread.sleep(500);
            secondSentAt.set(System.nanoTime());
            out.write("data: {\"n\":2}\n\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
        }));

        HttpResponse<InputStream> r = GatewayFixture.CLIENT.send(gw.request("/endpoints/acme/echo/generate_stream")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(r.headers().firstValue("Content-Type")).hasValue("text/event-stream");
        assertThat(r.headers().firstValue("Content-Length")).isEmpty();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
            assertThat(in.readLine()).isEqualTo("data: {\"n\":1}");
            long firstSeenAt = System.nanoTime();
            assertThat(secondSentAt.get()).as("the second event was not sent yet").isZero();
            assertThat(in.readLine()).isEmpty();
            assertThat(in.readLine()).isEqualTo("data: {\"n\":2}");
            assertThat(secondSentAt.get() - firstSeenAt).isGreaterThan(TimeUnit.MILLISECONDS.toNanos(300));
        }
    }

    @Test
    void aClientThatGoesAwayMidStreamClosesTheReplicasConnection() throws Exception {
        CountDownLatch replicaSawDisconnect = new CountDownLatch(1);
        serve(ECHO, TestBackend.start("r1", ctx -> {
            ctx.status(200).header("Content-Type", "text/event-stream");
            OutputStream out = ctx.res().getOutputStream();
            try {
                for (int i = 0; i < 200; i++) {
                    out.write(("data: {\"n\":" + i + "}\n\n").getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    Thread.sleep(50);
                }
            } catch (IOException gone) {
                replicaSawDisconnect.countDown();
            }
        }));

        try (Socket socket = new Socket("127.0.0.1", gw.port())) {
            socket.getOutputStream().write(("GET /endpoints/acme/echo/generate_stream HTTP/1.1\r\nHost: gw\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            String line;
            do {
                line = in.readLine();
            } while (line != null && !line.startsWith("data:"));
            assertThat(line).startsWith("data:");
            socket.setSoLinger(true, 0);
        }
        assertThat(replicaSawDisconnect.await(5, TimeUnit.SECONDS)).as("the replica saw the disconnect").isTrue();
    }

    /** The replica's side of a crash: the connection ends without a clean end of body. */
    private static void dieMidAnswer(io.javalin.http.Context ctx) {
        org.eclipse.jetty.ee10.servlet.ServletContextRequest.getServletContextRequest(ctx.req()).getServletChannel()
                .abort(new IOException("replica killed"));
    }

    @Test
    void aReplicaThatBreaksOffASizedAnswerBeforeAnyOfItLeftGivesTheClientAWhole502() throws Exception {
        serve(ECHO, TestBackend.start("r1", ctx -> {
            ctx.status(200).header("Content-Type", "application/json").header("Content-Length", "1000");
            OutputStream out = ctx.res().getOutputStream();
            out.write("{\"generated_text\":\"par".getBytes(StandardCharsets.UTF_8));
            out.flush();
            dieMidAnswer(ctx);
        }));
        HttpResponse<String> r = GatewayFixture.CLIENT.send(gw.request("/endpoints/acme/echo/generate")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(502);
        assertThat(r.body()).isEqualTo("{\"error\":\"Bad Gateway: the replica of endpoint acme/echo stopped before its answer was complete\"}");
    }

    @Test
    void aReplicaThatBreaksOffAnAnswerWhoseStartWasAlreadyRelayedAbortsTheClientsConnection() {
        byte[] big = new byte[256 * 1024];
        java.util.Arrays.fill(big, (byte) 'a');
        serve(ECHO, TestBackend.start("r1", ctx -> {
            ctx.status(200).header("Content-Type", "application/octet-stream").header("Content-Length", Integer.toString(2 * big.length));
            OutputStream out = ctx.res().getOutputStream();
            out.write(big);
            out.flush();
            Thread.sleep(300);
            dieMidAnswer(ctx);
        }));
        assertThatThrownBy(() -> GatewayFixture.CLIENT.send(gw.request("/endpoints/acme/echo/generate")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofByteArray()))
                .as("a cut answer cannot pass for a whole one").isInstanceOf(IOException.class);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "/generate_stream     | data: {\"error\":\"Incomplete generation: the replica serving this request stopped before the answer was complete\",\"error_type\":\"incomplete_generation\"}",
            "/v1/chat/completions | data: {\"error\":{\"message\":\"Incomplete generation: the replica serving this request stopped before the answer was complete\",\"http_status_code\":500}}",
    })
    void aReplicaThatDiesMidStreamEndsTheStreamWithAnErrorEventOfTheRoutesApiAndACleanEnd(String route, String errorEvent)
            throws Exception {
        serve(ECHO, TestBackend.start("r1", ctx -> {
            ctx.status(200).header("Content-Type", "text/event-stream");
            OutputStream out = ctx.res().getOutputStream();
            out.write("data: {\"n\":1}\n\ndata: {\"n\":".getBytes(StandardCharsets.UTF_8));
            out.flush();
            Thread.sleep(200);
            dieMidAnswer(ctx);
        }));
        HttpResponse<String> r = GatewayFixture.CLIENT.send(gw.request("/endpoints/acme/echo" + route)
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        String expected = "data: {\"n\":1}\n\n" + errorEvent + "\n\n" + (route.startsWith("/v1/") ? "data: [DONE]\n\n" : "");
        assertThat(r.body()).as("the half-sent event is dropped, the stream ends whole").isEqualTo(expected);
    }

    @Test
    void aNonStreamingClientThatHangsUpClosesTheReplicasConnectionSoItCanCancelItsWork() throws Exception {
        CountDownLatch replicaSawDisconnect = new CountDownLatch(1);
        serve(ECHO, TestBackend.start("r1", ctx -> {
            ctx.bodyAsBytes();
            java.util.function.BooleanSupplier gone = dev.hearth.serving.ClientConnection.gone(ctx);
            for (int i = 0; i < 200 && !gone.getAsBoolean(); i++) Thread.sleep(50);
            if (gone.getAsBoolean()) replicaSawDisconnect.countDown();
            ctx.result("{}");
        }));

        try (Socket socket = new Socket("127.0.0.1", gw.port())) {
            socket.getOutputStream().write(("POST /endpoints/acme/echo/generate HTTP/1.1\r\nHost: gw\r\n"
                    + "Content-Type: application/json\r\nContent-Length: 2\r\n\r\n{}").getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            Thread.sleep(1500); // past ClientConnection.PATIENCE, so both sides watch their connection
        }
        assertThat(replicaSawDisconnect.await(5, TimeUnit.SECONDS)).as("the replica saw the disconnect").isTrue();
    }

    @Test
    void aReplicaThatClosesAConnectionWithoutAnsweringIsTriedAgainNotCountedUnreachable() throws Exception {
        // What a stale kept-alive connection meets: the replica reads the request and closes without a byte of answer.
        try (java.net.ServerSocket replica = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> {
                for (int n = 0; ; n++) {
                    try (Socket s = replica.accept()) {
                        s.getInputStream().read(new byte[65536]);
                        if (n == 0) continue;
                        s.getOutputStream().write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}"
                                .getBytes(StandardCharsets.US_ASCII));
                    } catch (IOException closed) {
                        return;
                    }
                }
            });
            gw.table.set(ECHO, "public", EndpointState.RUNNING,
                    new Backend("r1", java.net.URI.create("http://127.0.0.1:" + replica.getLocalPort())));
            long sent = System.nanoTime();
            HttpResponse<String> r = gw.send(gw.request("/endpoints/acme/echo/generate").POST(HttpRequest.BodyPublishers.ofString("{}")));
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(System.nanoTime() - sent).as("no unreachable cooldown").isLessThan(TimeUnit.SECONDS.toNanos(3));
            assertThat(gw.gateway.metricsText(id -> true)).doesNotContain("hearth_gateway_backend_failures_total{endpoint=\"acme/echo\"} 1");
        }
    }

    @Test
    void aQuickAnswerKeepsTheClientsConnectionAlive() {
        serve(ECHO, TestBackend.echo("r1"));
        HttpResponse<String> r = gw.send(gw.request("/endpoints/acme/echo/generate").POST(HttpRequest.BodyPublishers.ofString("{}")));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Connection")).isEmpty();
    }

    @Test
    void anUnknownEndpointIs404InTheHfErrorShape() {
        HttpResponse<String> r = gw.get("/endpoints/acme/nothing/generate");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(json(r).get("error").asText()).isEqualTo("Endpoint acme/nothing not found");
    }

    @Test
    void aBodyOverTheLimitIs413AndNeverReachesTheReplica() {
        TestBackend backend = serve(ECHO, TestBackend.echo("r1"));
        HttpResponse<String> r = gw.send(gw.request("/endpoints/acme/echo/generate")
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[100 * 1024])));
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(json(r).get("error").asText()).contains("65536");
        assertThat(backend.requests()).isZero();
    }

    @Test
    void metricsCountRequestsErrorsAndLatencyPerEndpoint() {
        serve(ECHO, TestBackend.echo("r1"));
        gw.get("/endpoints/acme/echo/info");
        gw.get("/endpoints/acme/nothing/info");
        gw.table.set(new EndpointId("acme", "locked"), "private", EndpointState.RUNNING);
        gw.get("/endpoints/acme/locked/info");

        String text = gw.gateway.metricsText(id -> true);
        assertThat(text).contains("hearth_gateway_requests_total{endpoint=\"acme/echo\"} 1")
                .contains("hearth_gateway_requests_total{endpoint=\"acme/locked\"} 1")
                .contains("hearth_gateway_errors_total{endpoint=\"acme/locked\",class=\"4xx\"} 1")
                .contains("hearth_gateway_unknown_endpoint_requests_total 1")
                .contains("hearth_gateway_request_duration_seconds_count{endpoint=\"acme/echo\"} 1")
                .contains("hearth_gateway_time_to_first_byte_seconds_count{endpoint=\"acme/echo\"} 1")
                .contains("hearth_gateway_in_flight{endpoint=\"acme/echo\"} 0");
    }

    @Test
    void theSeriesOfADeletedEndpointLeaveMetricsAndTheOthersStay() {
        serve(ECHO, TestBackend.echo("r1"));
        gw.table.set(new EndpointId("acme", "locked"), "private", EndpointState.RUNNING);
        gw.get("/endpoints/acme/echo/info");
        gw.get("/endpoints/acme/locked/info");

        String text = gw.gateway.metricsText(id -> !id.name().equals("locked"));
        assertThat(text).contains("hearth_gateway_requests_total{endpoint=\"acme/echo\"} 1")
                .contains("hearth_gateway_in_flight{endpoint=\"acme/echo\"} 0")
                .doesNotContain("acme/locked");
    }
}
