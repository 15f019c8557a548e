package dev.hearth.server.gateway;

import dev.hearth.server.endpoint.EndpointId;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Finds a ready replica with room for a request: at once when the route has one, otherwise by waking the endpoint and
 * waiting in its bounded buffer until one is ready (or has room again) or the request's deadline passes. A replica is
 * never given more requests than it admits ({@link Route.Capacity#perReplica()}), and the buffer never holds more than
 * all the endpoint's replicas could admit.
 *
 * <p>A cold start begins when a request finds no ready replica and none is already under way; it ends when a waiting
 * request gets a replica (its duration feeds {@code estimated_time}) or when the last waiting request gives up.
 * Waiting polls the routing table every {@link GatewaySettings#pollInterval()}; the wake signal is sent at once and
 * repeated at most every {@link GatewaySettings#wakeInterval()} while requests wait. Thread-safe.
 */
final class ColdStartWait {

    private static final int REMEMBERED = 8;

    private final RoutingTable table;
    private final LoadTracker load;
    private final GatewaySettings settings;
    private final GatewayMetrics metrics;
    private final Map<EndpointId, Long> coldSince = new ConcurrentHashMap<>();
    private final Map<EndpointId, Long> lastWake = new ConcurrentHashMap<>();
    private final Map<EndpointId, Deque<Double>> durations = new ConcurrentHashMap<>();

    ColdStartWait(RoutingTable table, LoadTracker load, GatewaySettings settings, GatewayMetrics metrics) {
        this.table = table;
        this.load = load;
        this.settings = settings;
        this.metrics = metrics;
    }

    /** A backend leased for the request; {@code readyAt} is when waiting ended (0 when it did not wait). */
    record Acquired(LoadTracker.Lease lease, long readyAt) {
        boolean waited() { return readyAt != 0; }
    }

    /** Refuses endpoints that must not serve and must not be woken. */
    static void refuseUnservable(Route route) {
        switch (route.state()) {
            case PAUSED -> throw GatewayException.paused(route.id());
            case FAILED -> throw GatewayException.failed(route.id());
            default -> { }
        }
    }

    /**
     * Leases a ready backend not in {@code excluded}, waiting for one until {@code deadline} (a {@link System#nanoTime()}
     * value) if need be. Past the deadline: 503 with {@code estimated_time}, or 502 when the request already found
     * a replica unreachable ({@code excluded} not empty).
     */
    Acquired acquire(EndpointId id, Set<Backend> excluded, long deadline) {
        return acquire(id, excluded, deadline, java.util.OptionalLong.empty());
    }

    /** As {@link #acquire(EndpointId, Set, long)}, preferring the replica a prefix key hashes to (see LoadTracker). */
    Acquired acquire(EndpointId id, Set<Backend> excluded, long deadline, java.util.OptionalLong key) {
        var now = leaseReady(id, excluded, key);
        if (now != null) return new Acquired(now, 0);
        // After a replica refused the connection, another is worth waiting for only briefly: the one that refused may
        // be the only one there is and will be, and the request must not wait out its whole deadline for nothing.
        if (!excluded.isEmpty()) deadline = Math.min(deadline, System.nanoTime() + settings.unreachableCooldown().toNanos());

        // Hold no more than the replicas that may come can admit: a request held beyond that would wait through the
        // cold start only to be refused with 429 by a full replica.
        Route route = table.route(id).orElseThrow(() -> GatewayException.notFound(id));
        boolean entered = load.tryEnterWaiting(id, Math.min(settings.maxWaitingPerEndpoint(), route.capacity().total()));
        // Cold: no replica is ready. Otherwise every ready one is full and the request waits for room (or a new one).
        boolean cold = route.ready().isEmpty();
        long started = System.nanoTime();
        boolean began = entered && cold && coldSince.putIfAbsent(id, started) == null;
        if (began) metrics.coldStartBegan(id);
        wake(id, began);
        if (!entered) {
            metrics.rejected(id, "buffer_full");
            throw GatewayException.coldStartUnavailable(id, true, estimatedSeconds(id));
        }
        boolean served = false;
        try {
            while (true) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    if (!excluded.isEmpty()) throw GatewayException.badGateway(id, "the replica refused or dropped the connection");
                    metrics.rejected(id, "timeout");
                    throw GatewayException.coldStartUnavailable(id, false, estimatedSeconds(id));
                }
                sleep(id, Math.min(left, settings.pollInterval().toNanos()));
                LoadTracker.Lease lease = leaseReady(id, excluded, key);
                if (lease != null) {
                    served = true;
                    if (!cold) return new Acquired(lease, 0);
                    long readyAt = System.nanoTime();
                    coldStartEnded(id, readyAt);
                    metrics.coldStartWaited(id, (readyAt - started) / 1e9);
                    return new Acquired(lease, readyAt);
                }
                wake(id, false);
            }
        } finally {
            load.leaveWaiting(id);
            if (!served && load.waiting(id) == 0) coldSince.remove(id);
        }
    }

    /**
     * Seconds until the endpoint is likely ready: the mean of its recent cold starts (or of any endpoint's, or the
     * configured default) less the time its current cold start has run, and at least one second.
     */
    double estimatedSeconds(EndpointId id) {
        double typical = mean(durations.get(id));
        if (Double.isNaN(typical)) {
            typical = durations.values().stream().mapToDouble(ColdStartWait::mean).filter(d -> !Double.isNaN(d))
                    .average().orElse(settings.defaultColdStartEstimate().toMillis() / 1000.0);
        }
        Long since = coldSince.get(id);
        double elapsed = since == null ? 0 : (System.nanoTime() - since) / 1e9;
        return Math.max(1.0, Math.round((typical - elapsed) * 10) / 10.0);
    }

    /** A ready replica with room for one more request (fewer in flight than it admits), or null. */
    private LoadTracker.Lease leaseReady(EndpointId id, Set<Backend> excluded, java.util.OptionalLong key) {
        Route route = table.route(id).orElseThrow(() -> GatewayException.notFound(id));
        refuseUnservable(route);
        List<Backend> usable = excluded.isEmpty() ? route.ready()
                : route.ready().stream().filter(b -> !excluded.contains(b)).toList();
        return load.acquire(id, usable, route.capacity().perReplica(), key).orElse(null);
    }

    /** Signals the autoscaler: always when {@code force} (a cold start begins), else at most once per interval. */
    private void wake(EndpointId id, boolean force) {
        long now = System.nanoTime();
        Long last = lastWake.get(id);
        if (!force && last != null && now - last < settings.wakeInterval().toNanos()) return;
        boolean won = force || (last == null ? lastWake.putIfAbsent(id, now) == null : lastWake.replace(id, last, now));
        if (force) lastWake.put(id, now);
        if (won) table.wake(id);
    }

    private void coldStartEnded(EndpointId id, long readyAt) {
        Long since = coldSince.remove(id);
        if (since == null) return;
        Deque<Double> recent = durations.computeIfAbsent(id, k -> new ArrayDeque<>());
        synchronized (recent) {
            recent.addLast((readyAt - since) / 1e9);
            while (recent.size() > REMEMBERED) recent.removeFirst();
        }
    }

    private static double mean(Deque<Double> recent) {
        if (recent == null) return Double.NaN;
        synchronized (recent) {
            return recent.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        }
    }

    private static void sleep(EndpointId id, long nanos) {
        try {
            TimeUnit.NANOSECONDS.sleep(nanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw GatewayException.interrupted(id);
        }
    }
}
