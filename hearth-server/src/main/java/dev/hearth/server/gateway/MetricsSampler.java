package dev.hearth.server.gateway;

import dev.hearth.server.endpoint.EndpointId;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Every {@link #STEP}, closes each endpoint's step of {@link MetricsHistory}: its ready replicas from the routing
 * table, and the generated-token counter each one reports on its own {@code /metrics} (read with the replica's key,
 * two seconds at most; a replica that does not answer adds no tokens to the step).
 */
public final class MetricsSampler implements AutoCloseable {

    public static final Duration STEP = Duration.ofSeconds(5);
    static final String GENERATED = "tgi_request_generated_tokens_sum";

    private final MetricsHistory history;
    private final RoutingTable table;
    private final Supplier<List<EndpointId>> endpoints;
    private final Clock clock;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2))
            .executor(Executors.newVirtualThreadPerTaskExecutor()).build();
    private final ScheduledExecutorService timer =
            Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("metrics-sampler").factory());
    private final Map<EndpointId, Set<String>> replicasSeen = new HashMap<>();
    /** Whether a pass has run: replicas found by the first one may predate this server (it adopted them). */
    private boolean sampledOnce;

    public MetricsSampler(MetricsHistory history, RoutingTable table, Supplier<List<EndpointId>> endpoints, Clock clock) {
        this.history = history;
        this.table = table;
        this.endpoints = endpoints;
        this.clock = clock;
    }

    public MetricsSampler start() {
        timer.scheduleWithFixedDelay(this::sampleSafely, STEP.toMillis(), STEP.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    private void sampleSafely() {
        try {
            sample();
        } catch (RuntimeException e) {
            // a store busy or closing: the next step samples again
        }
    }

    void sample() {
        List<EndpointId> ids = endpoints.get();
        Set<EndpointId> gone = new HashSet<>(history.known());
        gone.addAll(replicasSeen.keySet());
        ids.forEach(gone::remove);
        for (EndpointId id : gone) history.forget(id, Optional.ofNullable(replicasSeen.remove(id)).orElse(Set.of()));
        for (EndpointId id : ids) {
            List<Backend> ready = table.route(id).map(Route::ready).orElse(List.of());
            Map<String, Double> tokens = new HashMap<>();
            for (Backend b : ready) generatedTokens(b).ifPresent(t -> tokens.put(b.replicaId(), t));
            replicasSeen.computeIfAbsent(id, k -> new HashSet<>()).addAll(tokens.keySet());
            history.close(id, clock.instant(), STEP.toMillis() / 1000.0, ready.size(), tokens, !sampledOnce);
        }
        sampledOnce = true;
    }

    private Optional<Double> generatedTokens(Backend b) {
        HttpRequest.Builder r = HttpRequest.newBuilder(b.address().resolve("/metrics")).timeout(Duration.ofSeconds(2)).GET();
        if (b.apiKey() != null) r.header("Authorization", "Bearer " + b.apiKey());
        try {
            HttpResponse<String> answer = http.send(r.build(), HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 200) return Optional.empty();
            return answer.body().lines().filter(l -> l.startsWith(GENERATED))
                    .map(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).reduce(Double::sum);
        } catch (java.io.IOException | RuntimeException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        http.close();
    }
}
