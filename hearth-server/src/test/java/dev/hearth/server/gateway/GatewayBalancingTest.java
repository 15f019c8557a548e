package dev.hearth.server.gateway;

import dev.hearth.server.endpoint.EndpointId;
import dev.hearth.server.endpoint.EndpointState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.hearth.server.gateway.GatewayFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

class GatewayBalancingTest {

    private static final EndpointId ID = new EndpointId("acme", "llm");

    private final GatewayFixture gw = new GatewayFixture();
    private final List<TestBackend> backends = new ArrayList<>();
    private final ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor();

    @AfterEach
    void stop() {
        clients.shutdownNow();
        gw.close();
        backends.forEach(TestBackend::close);
    }

    private TestBackend sleeping(String replicaId, long millis, AtomicInteger peak) {
        AtomicInteger current = new AtomicInteger();
        TestBackend b = TestBackend.start(replicaId, ctx -> {
            peak.accumulateAndGet(current.incrementAndGet(), Math::max);
            try {
                Thread.sleep(millis);
            } finally {
                current.decrementAndGet();
            }
            ctx.result(replicaId);
        });
        backends.add(b);
        return b;
    }

    private CompletableFuture<HttpResponse<String>> later(String path) {
        return CompletableFuture.supplyAsync(() -> gw.get(path), clients);
    }

    @Test
    void concurrentRequestsSpreadEvenlyOverEqualReplicas() throws Exception {
        TestBackend a = sleeping("a", 300, new AtomicInteger());
        TestBackend b = sleeping("b", 300, new AtomicInteger());
        gw.table.set(ID, "public", EndpointState.RUNNING, a.backend(), b.backend());

        List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
        for (int i = 0; i < 10; i++) responses.add(later("/endpoints/acme/llm/generate"));
        for (var r : responses) assertThat(r.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);

        assertThat(a.requests()).isBetween(4, 6);
        assertThat(b.requests()).isBetween(4, 6);
    }

    @Test
    void aSlowReplicaDoesNotAccumulateRequests() throws Exception {
        AtomicInteger slowPeak = new AtomicInteger();
        TestBackend slow = sleeping("a-slow", 1500, slowPeak);
        TestBackend fast = sleeping("b-fast", 5, new AtomicInteger());
        // Warm the gateway's path and the fast replica first: a cold JVM's first requests take far longer than 5 ms,
        // and while they do the fast replica is busy too, which is not what this test is about.
        gw.table.set(ID, "public", EndpointState.RUNNING, fast.backend());
        for (int i = 0; i < 20; i++) assertThat(gw.get("/endpoints/acme/llm/generate").statusCode()).isEqualTo(200);
        int warmUp = fast.requests();
        gw.table.set(ID, "public", EndpointState.RUNNING, slow.backend(), fast.backend());

        List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            responses.add(later("/endpoints/acme/llm/generate"));
            Thread.sleep(30);
        }
        for (var r : responses) assertThat(r.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);

        assertThat(slow.requests()).isLessThanOrEqualTo(3);
        assertThat(slowPeak.get()).isLessThanOrEqualTo(2);
        assertThat(fast.requests() - warmUp).isGreaterThanOrEqualTo(17);
    }

    @Test
    void aReplicaThatRefusesConnectionsIsRetriedOnAnother() throws IOException {
        TestBackend live = TestBackend.echo("b-live");
        backends.add(live);
        // Replica ids are the tie-break order, so the first request goes to the dead one.
        gw.table.set(ID, "public", EndpointState.RUNNING, dead("a-dead"), live.backend());

        for (int i = 0; i < 4; i++) {
            HttpResponse<String> r = gw.get("/endpoints/acme/llm/info");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(json(r).get("replica").asText()).isEqualTo("b-live");
        }
        // Once refused, the dead replica is passed over while the live one is ready.
        assertThat(gw.gateway.metricsText(id -> true)).contains("hearth_gateway_backend_failures_total{endpoint=\"acme/llm\"} 1");
    }

    @Test
    void withNoOtherReplicaAnUnreachableOneIs502() throws IOException {
        gw.table.set(ID, "public", EndpointState.RUNNING, dead("a-dead"));
        HttpResponse<String> r = gw.send(gw.request("/endpoints/acme/llm/info").header("X-Scale-Up-Timeout", "0"));

        assertThat(r.statusCode()).isEqualTo(502);
        assertThat(json(r).has("error_type")).as("a plain HF error, so clients raise their HTTP error with the status").isFalse();
        assertThat(json(r).get("error").asText()).contains("acme/llm");
    }

    @Test
    void afterTheOnlyReplicaRefusedARequestWaitsForAnotherOnlyBrieflyNotUntilItsDeadline() throws IOException {
        gw.table.set(ID, "public", EndpointState.RUNNING, dead("a-dead"));
        long sent = System.nanoTime();
        HttpResponse<String> r = gw.send(gw.request("/endpoints/acme/llm/info")); // the default deadline: 300 s

        assertThat(r.statusCode()).isEqualTo(502);
        assertThat(System.nanoTime() - sent).as("about the unreachable cooldown (5 s)").isLessThan(TimeUnit.SECONDS.toNanos(15));
    }

    @Test
    void aReplicaThatDiesIsReplacedByOneThatBecomesReadyWhileTheRequestWaits() throws Exception {
        TestBackend replacement = TestBackend.echo("r2");
        backends.add(replacement);
        gw.table.set(ID, "public", EndpointState.RUNNING, dead("r1"));
        var response = later("/endpoints/acme/llm/info");
        Thread.sleep(300);
        gw.table.set(ID, "public", EndpointState.RUNNING, replacement.backend());

        assertThat(response.get(5, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    }

    /** A replica whose port nobody listens on: connections are refused. */
    private static Backend dead(String replicaId) throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        return new Backend(replicaId, URI.create("http://127.0.0.1:" + port));
    }
}
