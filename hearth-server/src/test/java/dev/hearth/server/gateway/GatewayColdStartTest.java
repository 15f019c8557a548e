package dev.hearth.server.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.server.endpoint.EndpointId;
import dev.hearth.server.endpoint.EndpointState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static dev.hearth.server.gateway.GatewayFixture.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class GatewayColdStartTest {

    private static final EndpointId COLD = new EndpointId("acme", "cold");

    private GatewayFixture gw = new GatewayFixture();
    private final TestBackend backend = TestBackend.echo("r1");
    private final ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor();

    @AfterEach
    void stop() {
        clients.shutdownNow();
        gw.close();
        backend.close();
    }

    private CompletableFuture<HttpResponse<String>> later(HttpRequest.Builder request) {
        return CompletableFuture.supplyAsync(() -> gw.send(request), clients);
    }

    private HttpRequest.Builder generate() {
        return gw.request("/endpoints/acme/cold/generate").POST(HttpRequest.BodyPublishers.ofString("{\"inputs\":\"hi\"}"));
    }

    @Test
    void aPausedEndpointAnswers400AndIsNotWoken() {
        gw.table.set(COLD, "public", EndpointState.PAUSED);
        HttpResponse<String> r = gw.send(generate());

        assertThat(r.statusCode()).isEqualTo(400);
        JsonNode body = json(r);
        assertThat(body.get("error").asText())
                .isEqualTo("Bad Request: Invalid state: endpoint acme/cold is paused; resume it to serve requests");
        assertThat(body.has("error_type")).isFalse();
        assertThat(r.headers().firstValue("X-Error-Message")).hasValue(body.get("error").asText());
        assertThat(gw.table.wakes(COLD)).isZero();
        assertThat(gw.gateway.load().lastActivity(COLD)).isEmpty();
    }

    @Test
    void aFailedEndpointAnswers503AndIsNotWoken() {
        gw.table.set(COLD, "public", EndpointState.FAILED);
        HttpResponse<String> r = gw.send(generate());

        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(json(r).get("error").asText()).contains("acme/cold has failed");
        assertThat(gw.table.wakes(COLD)).isZero();
    }

    @ParameterizedTest
    @EnumSource(value = EndpointState.class, names = {"SCALED_TO_ZERO", "PENDING", "INITIALIZING", "RUNNING"})
    void twentyConcurrentRequestsWakeTheEndpointAtOnceAndAllSucceedOnceAReplicaIsReady(EndpointState state)
            throws Exception {
        gw.table.set(COLD, "public", state);
        long sent = System.nanoTime();
        List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
        for (int i = 0; i < 20; i++) responses.add(later(generate()));

        await().atMost(Duration.ofSeconds(2)).until(() -> gw.table.wakes(COLD) > 0);
        assertThat(gw.table.firstWake(COLD) - sent).isLessThan(TimeUnit.MILLISECONDS.toNanos(500));
        await().atMost(Duration.ofSeconds(2)).until(() -> gw.gateway.load().waiting(COLD) == 20);
        Thread.sleep(1000);
        gw.table.set(COLD, "public", EndpointState.RUNNING, backend.backend());

        for (var response : responses) assertThat(response.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        assertThat(backend.requests()).isEqualTo(20);
        assertThat(gw.table.wakes(COLD)).isBetween(1, 4);
        assertThat(gw.gateway.load().waiting(COLD)).isZero();
        String metrics = gw.gateway.metricsText(id -> true);
        assertThat(metrics).contains("hearth_gateway_cold_starts_total{endpoint=\"acme/cold\"} 1")
                .contains("hearth_gateway_cold_start_wait_seconds_count{endpoint=\"acme/cold\"} 20")
                .contains("hearth_gateway_cold_start_first_byte_seconds_count{endpoint=\"acme/cold\"} 20");
        // The next cold start is estimated from this one (about a second), not from the default.
        assertThat(gw.gateway.estimatedColdStartSeconds(COLD)).isBetween(1.0, 3.0);
    }

    @Test
    void aColdEndpointHoldsNoMoreRequestsThanItsReplicasCouldAdmitAndRefusesTheRestAtOnce() throws Exception {
        gw.table.set(COLD, "public", EndpointState.SCALED_TO_ZERO, new Route.Capacity(2, 1));
        List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
        for (int i = 0; i < 5; i++) responses.add(later(generate()));

        await().atMost(Duration.ofSeconds(5)).until(() -> responses.stream().filter(CompletableFuture::isDone).count() == 3);
        for (var r : responses) {
            if (r.isDone()) {
                assertThat(r.get().statusCode()).isEqualTo(503);
                assertThat(r.get().headers().firstValue("Retry-After")).isPresent();
            }
        }
        assertThat(gw.gateway.load().waiting(COLD)).isEqualTo(2);
        gw.table.set(COLD, "public", EndpointState.RUNNING, new Route.Capacity(2, 1), backend.backend());
        assertThat(responses.stream().filter(r -> !r.isDone() || r.join().statusCode() == 200).count()).isEqualTo(2);
        for (var r : responses) assertThat(r.get(10, TimeUnit.SECONDS).statusCode()).isIn(200, 503);
        assertThat(backend.requests()).isEqualTo(2);
    }

    @Test
    void aReadyReplicaNeverGetsMoreRequestsThanItAdmitsTheOthersWaitForRoom() throws Exception {
        java.util.concurrent.atomic.AtomicInteger inside = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger most = new java.util.concurrent.atomic.AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        try (TestBackend slow = TestBackend.start("s1", ctx -> {
            most.accumulateAndGet(inside.incrementAndGet(), Math::max);
            release.await(10, TimeUnit.SECONDS);
            inside.decrementAndGet();
            ctx.result("{}");
        })) {
            gw.table.set(COLD, "public", EndpointState.RUNNING, new Route.Capacity(2, 3), slow.backend());
            List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
            for (int i = 0; i < 5; i++) responses.add(later(generate()));

            await().atMost(Duration.ofSeconds(5)).until(() -> gw.gateway.load().waiting(COLD) == 3 && inside.get() == 2);
            release.countDown();
            for (var r : responses) assertThat(r.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
            assertThat(most.get()).as("never more in flight at the replica than it admits").isEqualTo(2);
            assertThat(gw.gateway.metricsText(id -> true)).as("waiting for room is not a cold start")
                    .doesNotContain("hearth_gateway_cold_starts_total{endpoint=\"acme/cold\"} 1");
        }
    }

    @Test
    void pastTheScaleUpTimeoutTheAnswerIs503WithRetryAfterAndEstimatedTime() {
        gw.table.set(COLD, "public", EndpointState.SCALED_TO_ZERO);
        long sent = System.nanoTime();
        HttpResponse<String> r = gw.send(generate().header("X-Scale-Up-Timeout", "1"));
        long waited = System.nanoTime() - sent;

        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(waited).isBetween(TimeUnit.MILLISECONDS.toNanos(900), TimeUnit.MILLISECONDS.toNanos(3000));
        assertThat(Long.parseLong(r.headers().firstValue("Retry-After").orElseThrow())).isPositive();
        JsonNode body = json(r);
        assertThat(body.get("error").asText()).contains("acme/cold");
        assertThat(body.get("error_type").asText()).isEqualTo("scale_up_timeout");
        assertThat(body.get("estimated_time").isDouble()).isTrue();
        assertThat(body.get("estimated_time").asDouble()).isPositive();
        assertThat(gw.table.wakes(COLD)).isPositive();
        assertThat(gw.gateway.metricsText(id -> true)).contains(
                "hearth_gateway_rejected_total{endpoint=\"acme/cold\",reason=\"timeout\"} 1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "-1", "1e3", "NaN"})
    void anInvalidScaleUpTimeoutIs400(String value) {
        gw.table.set(COLD, "public", EndpointState.SCALED_TO_ZERO);
        HttpResponse<String> r = gw.send(generate().header("X-Scale-Up-Timeout", value));

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(json(r).get("error").asText()).contains("X-Scale-Up-Timeout");
    }

    @Test
    void pastTheBufferSizeTheAnswerIsAnImmediate503() throws Exception {
        gw.close();
        gw = new GatewayFixture(GatewaySettings.defaults().withMaxWaitingPerEndpoint(2));
        gw.table.set(COLD, "public", EndpointState.SCALED_TO_ZERO);
        var first = later(generate().header("X-Scale-Up-Timeout", "10"));
        var second = later(generate().header("X-Scale-Up-Timeout", "10"));
        await().atMost(Duration.ofSeconds(2)).until(() -> gw.gateway.load().waiting(COLD) == 2);

        long sent = System.nanoTime();
        HttpResponse<String> third = gw.send(generate());
        assertThat(System.nanoTime() - sent).isLessThan(TimeUnit.MILLISECONDS.toNanos(500));
        assertThat(third.statusCode()).isEqualTo(503);
        assertThat(third.headers().firstValue("Retry-After")).isPresent();
        assertThat(json(third).get("error_type").asText()).isEqualTo("overloaded");
        assertThat(json(third).get("estimated_time").asDouble()).isPositive();

        gw.table.set(COLD, "public", EndpointState.RUNNING, backend.backend());
        assertThat(first.get(5, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        assertThat(second.get(5, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    }

    @Test
    void aRequestWaitingWhenTheEndpointIsPausedGetsThePausedAnswer() throws Exception {
        gw.table.set(COLD, "public", EndpointState.SCALED_TO_ZERO);
        var waiting = later(generate());
        await().atMost(Duration.ofSeconds(2)).until(() -> gw.gateway.load().waiting(COLD) == 1);
        gw.table.set(COLD, "public", EndpointState.PAUSED);

        HttpResponse<String> r = waiting.get(5, TimeUnit.SECONDS);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(json(r).get("error").asText()).contains("is paused");
    }
}
