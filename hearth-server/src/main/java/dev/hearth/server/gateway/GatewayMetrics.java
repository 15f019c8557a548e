package dev.hearth.server.gateway;

import dev.hearth.api.metrics.MetricRegistry;
import dev.hearth.server.endpoint.EndpointId;

import java.util.Comparator;
import java.util.List;
import java.util.function.ToIntFunction;

/**
 * The gateway's series, every one labelled {@code endpoint="namespace/name"}:
 * <ul>
 *   <li>{@code hearth_gateway_requests_total}: requests to a known endpoint, whatever their outcome;</li>
 *   <li>{@code hearth_gateway_errors_total{class="4xx"|"5xx"}}: answers with an error status, the gateway's or the
 *       replica's;</li>
 *   <li>{@code hearth_gateway_request_duration_seconds}: arrival to the last byte of the answer;</li>
 *   <li>{@code hearth_gateway_time_to_first_byte_seconds}: arrival to the replica's response headers;</li>
 *   <li>{@code hearth_gateway_cold_starts_total}: cold starts begun by a request that found no ready replica;</li>
 *   <li>{@code hearth_gateway_cold_start_wait_seconds}: how long a request waited until a replica was ready;</li>
 *   <li>{@code hearth_gateway_cold_start_first_byte_seconds}: from that moment to the replica's response headers;</li>
 *   <li>{@code hearth_gateway_rejected_total{reason="buffer_full"|"timeout"}}: 503s of the cold-start buffer;</li>
 *   <li>{@code hearth_gateway_backend_failures_total}: connections to a replica that failed before any answer;</li>
 *   <li>{@code hearth_gateway_in_flight}, {@code hearth_gateway_waiting}: gauges read from the {@link LoadTracker}.</li>
 * </ul>
 * Requests naming no known endpoint are counted, unlabelled, in {@code hearth_gateway_unknown_endpoint_requests_total}
 * so that arbitrary paths cannot create series.
 */
final class GatewayMetrics {

    private static final double[] LATENCY = MetricRegistry.exponentialBuckets(0.001, 2, 18);
    private static final double[] COLD = MetricRegistry.exponentialBuckets(0.1, 2, 13);

    private final MetricRegistry registry = new MetricRegistry();
    /** The same events as a short time series per endpoint, for the dashboard's charts. */
    final MetricsHistory history = new MetricsHistory();
    private final LoadTracker load;
    private final MetricRegistry.Counter requests = registry.counter("hearth_gateway_requests_total");
    private final MetricRegistry.Counter errors = registry.counter("hearth_gateway_errors_total");
    private final MetricRegistry.Counter unknown = registry.counter("hearth_gateway_unknown_endpoint_requests_total");
    private final MetricRegistry.Histogram duration = registry.histogram("hearth_gateway_request_duration_seconds", LATENCY);
    private final MetricRegistry.Histogram firstByte = registry.histogram("hearth_gateway_time_to_first_byte_seconds", LATENCY);
    private final MetricRegistry.Counter coldStarts = registry.counter("hearth_gateway_cold_starts_total");
    private final MetricRegistry.Histogram coldWait = registry.histogram("hearth_gateway_cold_start_wait_seconds", COLD);
    private final MetricRegistry.Histogram coldFirstByte = registry.histogram("hearth_gateway_cold_start_first_byte_seconds", COLD);
    private final MetricRegistry.Counter rejected = registry.counter("hearth_gateway_rejected_total");
    private final MetricRegistry.Counter backendFailures = registry.counter("hearth_gateway_backend_failures_total");

    /** Every endpoint some series is labelled with, so that a deleted one's can all be found again. */
    private final java.util.Set<EndpointId> labelled = java.util.concurrent.ConcurrentHashMap.newKeySet();

    GatewayMetrics(LoadTracker load) {
        this.load = load;
    }

    private String label(EndpointId id) {
        labelled.add(id);
        return id.toString();
    }

    void unknownEndpoint() {
        unknown.inc();
    }

    void finished(EndpointId id, int status, double seconds) {
        String endpoint = label(id);
        requests.inc("endpoint", endpoint);
        if (status >= 400) errors.inc("endpoint", endpoint, "class", (status / 100) + "xx");
        duration.observe(seconds, "endpoint", endpoint);
        history.request(id, status, seconds);
    }

    void firstByte(EndpointId id, double seconds) {
        firstByte.observe(seconds, "endpoint", label(id));
    }

    void coldStartBegan(EndpointId id) {
        coldStarts.inc("endpoint", label(id));
    }

    void coldStartWaited(EndpointId id, double seconds) {
        coldWait.observe(seconds, "endpoint", label(id));
        history.coldStart(id, seconds);
    }

    void coldStartFirstByte(EndpointId id, double seconds) {
        coldFirstByte.observe(seconds, "endpoint", label(id));
    }

    void rejected(EndpointId id, String reason) {
        rejected.inc("endpoint", label(id), "reason", reason);
    }

    void backendFailure(EndpointId id) {
        backendFailures.inc("endpoint", label(id));
    }

    /** Endpoints (and connections) that have series or load, to check against what still exists. */
    java.util.Set<EndpointId> known() {
        java.util.Set<EndpointId> all = new java.util.HashSet<>(labelled);
        all.addAll(load.endpoints());
        return all;
    }

    /** Drops the series of an endpoint (or connection) that no longer exists, unless a request of it is in flight. */
    void forgetIfIdle(EndpointId id) {
        if (!load.forgetIdle(id)) return;
        labelled.remove(id);
        registry.forget("endpoint", id.toString());
    }

    /** Every {@code hearth_gateway_*} series in the Prometheus text format. */
    String text() {
        StringBuilder out = new StringBuilder(registry.scrape());
        List<EndpointId> ids = load.endpoints().stream().sorted(Comparator.comparing(EndpointId::toString)).toList();
        gauge(out, "hearth_gateway_in_flight", ids, load::inFlight);
        gauge(out, "hearth_gateway_waiting", ids, load::waiting);
        return out.toString();
    }

    private static void gauge(StringBuilder out, String name, List<EndpointId> ids, ToIntFunction<EndpointId> value) {
        out.append("# TYPE ").append(name).append(" gauge\n");
        for (EndpointId id : ids) {
            String label = id.toString().replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
            out.append(name).append("{endpoint=\"").append(label).append("\"} ")
                    .append(value.applyAsInt(id)).append('\n');
        }
    }
}
