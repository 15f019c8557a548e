package dev.hearth.server.gateway;

import dev.hearth.server.endpoint.EndpointId;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Load per endpoint and per replica, as the gateway sees it: the requests outstanding on each replica, those waiting in
 * the cold-start buffer, the requests served, and when the endpoint was last busy. It also makes the balancing choice,
 * because the choice and the count it is based on must change together.
 *
 * <p>The autoscaler reads {@link #inFlight(EndpointId)}, {@link #waiting(EndpointId)} and
 * {@link #lastActivity(EndpointId)}. Only requests that passed authentication and the state check count: a stream of
 * unauthenticated requests or requests to a paused endpoint keeps nothing awake. Thread-safe.
 */
public final class LoadTracker {

    private final Clock clock;
    private final Map<EndpointId, EndpointLoad> endpoints = new ConcurrentHashMap<>();

    public LoadTracker() {
        this(Clock.systemUTC());
    }

    public LoadTracker(Clock clock) {
        this.clock = clock;
    }

    /** A request counted on one replica until closed. Closing twice is harmless. */
    public final class Lease implements AutoCloseable {
        private final EndpointId id;
        private final Backend backend;
        private final AtomicBoolean closed = new AtomicBoolean();

        private Lease(EndpointId id, Backend backend) {
            this.id = id;
            this.backend = backend;
        }

        public Backend backend() { return backend; }

        @Override
        public void close() {
            if (closed.compareAndSet(false, true)) load(id).release(backend.replicaId(), clock.instant());
        }
    }

    /**
     * Picks the candidate with the fewest outstanding requests, ties taken in turn (round-robin over the candidates
     * ordered by replica id), and counts one request on it. Empty when there is no candidate.
     */
    public Optional<Lease> acquire(EndpointId id, Collection<Backend> candidates) {
        return acquire(id, candidates, Integer.MAX_VALUE);
    }

    /** As {@link #acquire(EndpointId, Collection)}, passing over replicas that already have {@code perReplica} in flight. */
    public Optional<Lease> acquire(EndpointId id, Collection<Backend> candidates, int perReplica) {
        return acquire(id, candidates, perReplica, OptionalLong.empty());
    }

    /**
     * As {@link #acquire(EndpointId, Collection, int)}, but a request with a prefix key (see {@link PrefixKey}) goes to
     * the replica that key hashes to, where the conversation's prompt is likely still cached, unless that replica is
     * over its bounded share of the load: consistent hashing with bounded loads (as KubeAI's PrefixHash). The
     * replicas are tried in the key's rendezvous order and the first one with fewer than
     * {@code ceil(}{@link #LOAD_FACTOR}{@code  × (in flight + 1) / replicas)} requests gets it; so one conversation,
     * or one hot prefix, cannot flood a replica, and adding or removing a replica moves only the keys it held.
     */
    public Optional<Lease> acquire(EndpointId id, Collection<Backend> candidates, int perReplica, OptionalLong key) {
        if (candidates.isEmpty()) return Optional.empty();
        return load(id).choose(candidates, clock.instant(), perReplica, key).map(chosen -> new Lease(id, chosen));
    }

    /** How far above the mean load a key's replica may go before its requests spill over (KubeAI's default 125%). */
    static final double LOAD_FACTOR = 1.25;

    /** Requests being proxied to the endpoint's replicas right now (not counting those waiting for one). */
    public int inFlight(EndpointId id) {
        EndpointLoad l = endpoints.get(id);
        return l == null ? 0 : l.inFlight();
    }

    /** Requests being proxied to one replica right now. */
    public int inFlight(EndpointId id, String replicaId) {
        EndpointLoad l = endpoints.get(id);
        return l == null ? 0 : l.inFlight(replicaId);
    }

    /** Requests waiting in the cold-start buffer for a ready replica of the endpoint. */
    public int waiting(EndpointId id) {
        EndpointLoad l = endpoints.get(id);
        return l == null ? 0 : l.waiting();
    }

    /** In flight plus waiting: every request the endpoint has to serve right now, the load to size it for. */
    public int demand(EndpointId id) {
        EndpointLoad l = endpoints.get(id);
        return l == null ? 0 : l.demand();
    }

    /** Requests accepted for the endpoint since the gateway started (authenticated, endpoint not paused or failed). */
    public long totalRequests(EndpointId id) {
        EndpointLoad l = endpoints.get(id);
        return l == null ? 0 : l.total();
    }

    /**
     * The last moment the endpoint had a request: now while one is in flight or waiting, otherwise when the last one
     * arrived or ended. Empty when it has had none since the gateway started.
     */
    public Optional<Instant> lastActivity(EndpointId id) {
        EndpointLoad l = endpoints.get(id);
        return l == null ? Optional.empty() : l.lastActivity(clock.instant());
    }

    /** Every endpoint that has had a request since the gateway started. */
    public Set<EndpointId> endpoints() {
        return Set.copyOf(endpoints.keySet());
    }

    /** Forgets an endpoint that has nothing in flight or waiting (it was deleted); true when it was forgotten. */
    boolean forgetIdle(EndpointId id) {
        boolean[] forgotten = {!endpoints.containsKey(id)};
        endpoints.computeIfPresent(id, (k, l) -> {
            if (l.busy()) return l;
            forgotten[0] = true;
            return null;
        });
        return forgotten[0];
    }

    /**
     * The replica refused or dropped a connection: for {@code cooldown} it is chosen only when every candidate is in
     * the same case, so that a dead replica still listed as ready costs one failed connection, not one in two.
     */
    void markUnreachable(EndpointId id, String replicaId, Duration cooldown) {
        load(id).markUnreachable(replicaId, clock.instant().plus(cooldown));
    }

    /** A request passed authentication and the state check. */
    void arrived(EndpointId id) {
        load(id).arrived(clock.instant());
    }

    /** Takes a place in the endpoint's cold-start buffer; false when its {@code max} places are taken. */
    boolean tryEnterWaiting(EndpointId id, int max) {
        return load(id).tryEnterWaiting(max);
    }

    void leaveWaiting(EndpointId id) {
        load(id).leaveWaiting(clock.instant());
    }

    private EndpointLoad load(EndpointId id) {
        return endpoints.computeIfAbsent(id, k -> new EndpointLoad());
    }

    private static final class EndpointLoad {
        private final Map<String, Integer> perReplica = new HashMap<>();
        private final Map<String, Instant> unreachableUntil = new HashMap<>();
        private int inFlight;
        private int waiting;
        private long total;
        private long turn;
        private Instant last;

        /**
         * The key's replica within its bounded load when there is a key, else the least-loaded candidate; only
         * candidates with room, preferring reachable ones; empty when every candidate is full.
         */
        synchronized Optional<Backend> choose(Collection<Backend> all, Instant now, int limit, OptionalLong key) {
            Collection<Backend> candidates = all.stream()
                    .filter(b -> perReplica.getOrDefault(b.replicaId(), 0) < limit).toList();
            if (candidates.isEmpty()) return Optional.empty();
            unreachableUntil.values().removeIf(until -> !until.isAfter(now));
            Collection<Backend> healthy = candidates;
            if (!unreachableUntil.isEmpty()) {
                healthy = candidates.stream().filter(b -> !unreachableUntil.containsKey(b.replicaId())).toList();
                if (healthy.isEmpty()) healthy = candidates;
            }
            if (key.isPresent()) {
                Backend home = byPrefix(healthy, key.getAsLong());
                if (home != null) return Optional.of(take(home));
            }
            int fewest = Integer.MAX_VALUE;
            List<Backend> tied = new ArrayList<>(healthy.size());
            for (Backend b : healthy) {
                int n = perReplica.getOrDefault(b.replicaId(), 0);
                if (n < fewest) {
                    fewest = n;
                    tied.clear();
                }
                if (n == fewest) tied.add(b);
            }
            tied.sort(Comparator.comparing(Backend::replicaId).thenComparing(b -> b.address().toString()));
            return Optional.of(take(tied.get((int) Math.floorMod(turn++, (long) tied.size()))));
        }

        private Backend take(Backend chosen) {
            perReplica.merge(chosen.replicaId(), 1, Integer::sum);
            inFlight++;
            return chosen;
        }

        /** The first replica in the key's rendezvous order under the bounded load; null when none is. */
        private Backend byPrefix(Collection<Backend> candidates, long key) {
            int bound = (int) Math.ceil(LOAD_FACTOR * (inFlight + 1) / candidates.size());
            Backend best = null;
            long bestWeight = 0;
            for (Backend b : candidates) {
                if (perReplica.getOrDefault(b.replicaId(), 0) >= bound) continue;
                long w = PrefixKey.weight(key, b.replicaId());
                if (best == null || Long.compareUnsigned(w, bestWeight) > 0) {
                    best = b;
                    bestWeight = w;
                }
            }
            return best;
        }

        synchronized boolean busy() {
            return inFlight > 0 || waiting > 0;
        }

        synchronized void markUnreachable(String replicaId, Instant until) {
            unreachableUntil.put(replicaId, until);
        }

        synchronized void release(String replicaId, Instant now) {
            perReplica.computeIfPresent(replicaId, (k, n) -> n > 1 ? n - 1 : null);
            inFlight--;
            last = now;
        }

        synchronized void arrived(Instant now) {
            total++;
            last = now;
        }

        synchronized boolean tryEnterWaiting(int max) {
            if (waiting >= max) return false;
            waiting++;
            return true;
        }

        synchronized void leaveWaiting(Instant now) {
            waiting--;
            last = now;
        }

        synchronized int inFlight() { return inFlight; }

        synchronized int inFlight(String replicaId) { return perReplica.getOrDefault(replicaId, 0); }

        synchronized int waiting() { return waiting; }

        synchronized int demand() { return inFlight + waiting; }

        synchronized long total() { return total; }

        synchronized Optional<Instant> lastActivity(Instant now) {
            if (inFlight > 0 || waiting > 0) return Optional.of(now);
            return Optional.ofNullable(last);
        }
    }
}
