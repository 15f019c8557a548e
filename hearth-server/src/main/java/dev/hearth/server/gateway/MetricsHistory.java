package dev.hearth.server.gateway;

import dev.hearth.server.endpoint.EndpointId;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each endpoint's recent metrics as a time series, for the dashboard's charts: the gateway reports every request and
 * cold start as it happens ({@link #request}, {@link #coldStart}), and {@link MetricsSampler} closes a step every few
 * seconds with the replica count and the generated-token counters it read from the replicas' own {@code /metrics}.
 * The last {@link #POINTS} steps are kept per endpoint; nothing is stored.
 */
public final class MetricsHistory {

    static final int POINTS = 360;
    /** Latencies kept per step for its percentiles; past this, later requests are counted but not timed. */
    private static final int LATENCY_SAMPLES = 4096;

    /**
     * One step: requests by status class, latency percentiles in seconds (null without requests), generated tokens
     * per second, ready replicas, and cold starts that ended in the step with the longest one's duration.
     */
    public record Point(long time, long ok, long clientErrors, long serverErrors, Double p50, Double p95,
                        double tokensPerSecond, int replicas, int coldStarts, Double coldStartSeconds) {}

    private static final class Window {
        long ok, clientErrors, serverErrors;
        int coldStarts;
        double coldStartMax;
        double[] latencies = new double[64];
        int timed;

        synchronized void request(int status, double seconds) {
            if (status >= 500) serverErrors++;
            else if (status >= 400) clientErrors++;
            else ok++;
            if (timed == LATENCY_SAMPLES) return;
            if (timed == latencies.length) latencies = Arrays.copyOf(latencies, latencies.length * 2);
            latencies[timed++] = seconds;
        }

        synchronized void coldStart(double seconds) {
            coldStarts++;
            coldStartMax = Math.max(coldStartMax, seconds);
        }
    }

    private final Map<EndpointId, Window> open = new ConcurrentHashMap<>();
    private final Map<EndpointId, ArrayDeque<Point>> closed = new ConcurrentHashMap<>();
    /** Per replica, the generated-token counter at the last step: the sampler's thread only. */
    private final Map<String, Double> lastTokens = new HashMap<>();

    void request(EndpointId id, int status, double seconds) {
        open.computeIfAbsent(id, k -> new Window()).request(status, seconds);
    }

    void coldStart(EndpointId id, double seconds) {
        open.computeIfAbsent(id, k -> new Window()).coldStart(seconds);
    }

    /**
     * Closes the endpoint's current step.
     *
     * @param tokensByReplica each ready replica's total of generated tokens ({@code tgi_request_generated_tokens_sum}),
     *                        by replica id
     */
    void close(EndpointId id, Instant now, double stepSeconds, int replicas, Map<String, Double> tokensByReplica) {
        close(id, now, stepSeconds, replicas, tokensByReplica, !closed.containsKey(id));
    }

    /**
     * As above, where {@code adopting} says whether replicas seen for the first time may have served before this
     * server watched them (its first sampling pass after a start): their counters then only set the baseline.
     * Otherwise a replica seen for the first time started from zero and all its tokens are new, even when its
     * endpoint is sampled for the first time too (an endpoint created, started and used within one step).
     */
    void close(EndpointId id, Instant now, double stepSeconds, int replicas, Map<String, Double> tokensByReplica,
               boolean adopting) {
        Window w = open.remove(id);
        boolean watching = !adopting;
        double tokens = 0;
        for (Map.Entry<String, Double> e : tokensByReplica.entrySet()) {
            Double before = lastTokens.put(e.getKey(), e.getValue());
            if (before == null && watching) tokens += e.getValue();
            else if (before != null && e.getValue() >= before) tokens += e.getValue() - before;
        }
        Point p;
        if (w == null) {
            p = new Point(now.toEpochMilli(), 0, 0, 0, null, null, tokens / stepSeconds, replicas, 0, null);
        } else synchronized (w) {
            double[] sorted = Arrays.copyOf(w.latencies, w.timed);
            Arrays.sort(sorted);
            p = new Point(now.toEpochMilli(), w.ok, w.clientErrors, w.serverErrors, percentile(sorted, 0.50),
                    percentile(sorted, 0.95), tokens / stepSeconds, replicas, w.coldStarts,
                    w.coldStarts == 0 ? null : w.coldStartMax);
        }
        ArrayDeque<Point> points = closed.computeIfAbsent(id, k -> new ArrayDeque<>());
        synchronized (points) {
            points.addLast(p);
            while (points.size() > POINTS) points.removeFirst();
        }
    }

    /** Forgets a deleted endpoint and its replicas' counters. */
    void forget(EndpointId id, java.util.Set<String> replicaIds) {
        open.remove(id);
        closed.remove(id);
        lastTokens.keySet().removeAll(replicaIds);
    }

    /** The endpoint's steps, oldest first. */
    public List<Point> points(EndpointId id) {
        ArrayDeque<Point> points = closed.get(id);
        if (points == null) return List.of();
        synchronized (points) {
            return new ArrayList<>(points);
        }
    }

    java.util.Set<EndpointId> known() {
        java.util.Set<EndpointId> ids = new java.util.HashSet<>(closed.keySet());
        ids.addAll(open.keySet());
        return ids;
    }

    /** Nearest-rank percentile of sorted values; null when there are none. */
    static Double percentile(double[] sorted, double q) {
        if (sorted.length == 0) return null;
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }
}
