package dev.hearth.server.reconcile;

import dev.hearth.server.autoscale.Autoscaler;
import dev.hearth.server.autoscale.LoadView;
import dev.hearth.server.endpoint.Desired;
import dev.hearth.server.endpoint.Endpoint;
import dev.hearth.server.endpoint.EndpointId;
import dev.hearth.server.endpoint.EndpointSpec;
import dev.hearth.server.endpoint.EndpointState;
import dev.hearth.server.gateway.Backend;
import dev.hearth.server.gateway.Route;
import dev.hearth.server.gateway.RoutingTable;
import dev.hearth.server.provider.Replica;
import dev.hearth.server.provider.ReplicaHealth;
import dev.hearth.server.provider.ReplicaProvider;
import dev.hearth.server.store.EndpointRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Drives every endpoint from what is running to what the API asked for, and records what it observed.
 *
 * <p>One thread does all the work, pass after pass: on a short tick, and at once when the API, a replica's health
 * or the gateway's cold-start signal says something changed. Each pass reads the desired state from the store, so
 * a restarted server converges from the store plus the replicas the provider adopted; nothing lives only in memory
 * except crash history and scaling hysteresis.
 */
public final class Reconciler implements RoutingTable, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Reconciler.class);

    /**
     * @param crashLimit   crashes of one spec version within {@code crashWindow} that end in failed/updateFailed
     * @param startTimeout how long a replica may take to answer its health route before it counts as a crash
     */
    public record Settings(Duration tick, int crashLimit, Duration crashWindow, Duration backoffBase, Duration backoffMax,
                           Duration startTimeout) {
        public static Settings defaults() {
            return new Settings(Duration.ofMillis(250), 4, Duration.ofMinutes(2), Duration.ofSeconds(1),
                    Duration.ofSeconds(30), Duration.ofMinutes(15));
        }
    }

    private final EndpointRepository endpoints;
    private final ReplicaProvider provider;
    private final LaunchPlanner planner;
    private final Autoscaler autoscaler;
    private final LoadView load;
    private final Clock clock;
    private final Settings settings;
    private final Map<EndpointId, Tracked> tracked = new ConcurrentHashMap<>();
    private volatile Map<EndpointId, Route> routes = Map.of();
    private final ConcurrentLinkedQueue<EndpointId> wakeRequests = new ConcurrentLinkedQueue<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition signal = lock.newCondition();
    private boolean signalled;
    private volatile boolean running = true;
    private Thread thread;
    /** Stops in progress; close() waits for them, so no replica is half-stopped when the server goes. */
    private final java.util.Set<Thread> stoppers = ConcurrentHashMap.newKeySet();

    public Reconciler(EndpointRepository endpoints, ReplicaProvider provider, LaunchPlanner planner, Autoscaler autoscaler,
                      LoadView load, Clock clock, Settings settings) {
        this.endpoints = endpoints;
        this.provider = provider;
        this.planner = planner;
        this.autoscaler = autoscaler;
        this.load = load;
        this.clock = clock;
        this.settings = settings;
    }

    /** Adopts the replicas still running from before, then starts reconciling. */
    public void start() {
        Instant now = clock.instant();
        for (Replica r : provider.recover()) {
            tracked.computeIfAbsent(r.endpoint(), id -> new Tracked(id, now)).replicas.add(r);
            log.info("adopted replica {} of {} (spec v{})", r.replicaId(), r.endpoint(), r.specVersion());
        }
        thread = Thread.ofPlatform().name("hearth-reconciler").daemon(true).start(this::loop);
    }

    /** Asks for a pass now (after an API write, or a replica's health change). */
    public void nudge() {
        lock.lock();
        try {
            signalled = true;
            signal.signal();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void wake(EndpointId id) {
        wakeRequests.add(id);
        nudge();
    }

    @Override
    public Optional<Route> route(EndpointId id) {
        Route r = routes.get(id);
        if (r != null && (r.state() == EndpointState.PAUSED || r.state() == EndpointState.FAILED)) {
            // A refusing state may be one pass old: a resume the API just accepted must make requests wait for a
            // replica, not bounce. The store has the latest wish; one row read settles it.
            Optional<Endpoint> stored = endpoints.find(id);
            if (stored.isEmpty()) return Optional.empty();
            Endpoint e = stored.get();
            if (e.desired() == Desired.ACTIVE && e.status().state() != EndpointState.FAILED) {
                return Optional.of(new Route(id, e.spec().type(), EndpointState.PENDING, List.of()));
            }
            return Optional.of(r);
        }
        if (r != null) return Optional.of(r);
        // Not reconciled yet (just created, or the server just started): answer from the store.
        return endpoints.find(id).map(e -> new Route(id, e.spec().type(), e.status().state(), List.of()));
    }

    /** The last lines of each replica's log, newest replicas first, and the last crash's if it is gone. */
    public String logs(EndpointId id, int lines) {
        Tracked t = tracked.get(id);
        return t == null ? "" : ReplicaLogs.render(List.copyOf(t.replicas), t.lastCrash, lines);
    }

    private void loop() {
        while (running) {
            try {
                pass();
            } catch (RuntimeException e) {
                // A pass must never end the loop: the next one retries from the store.
                log.error("reconcile pass failed", e);
            }
            lock.lock();
            try {
                if (!signalled) signal.awaitNanos(settings.tick().toNanos());
                signalled = false;
            } catch (InterruptedException e) {
                return;
            } finally {
                lock.unlock();
            }
        }
    }

    private void pass() {
        Instant now = clock.instant();
        applyWakes(now);
        List<Endpoint> all = endpoints.all();
        Set<EndpointId> present = new HashSet<>();
        Map<EndpointId, Route> next = new ConcurrentHashMap<>();
        for (Endpoint e : all) {
            present.add(e.id());
            Tracked t = tracked.computeIfAbsent(e.id(), id -> new Tracked(id, now));
            next.put(e.id(), reconcile(e, t, now));
        }
        routes = Map.copyOf(next);
        for (EndpointId gone : List.copyOf(tracked.keySet())) {
            if (present.contains(gone)) continue;
            Tracked t = tracked.remove(gone);
            t.live().forEach(r -> stop(t, r));
            autoscaler.forget(gone);
            log.info("endpoint {} deleted; its replicas are stopped", gone);
        }
    }

    /** A request reached a scaled-to-zero endpoint: make it active again, and count activity from now. */
    private void applyWakes(Instant now) {
        for (EndpointId id; (id = wakeRequests.poll()) != null; ) {
            Tracked t = tracked.get(id);
            if (t != null) t.activeSince = now;
            endpoints.compareAndSetDesired(id, Desired.SCALED_TO_ZERO, Desired.ACTIVE,
                    new Endpoint.Status(EndpointState.INITIALIZING, "Scaling up from zero: starting a replica", 0, 1), now);
        }
    }

    private Route reconcile(Endpoint e, Tracked t, Instant now) {
        collectExits(t, now);
        EndpointSpec.Scaling scaling = e.spec().compute().scaling();
        if (e.desired() == Desired.PAUSED || e.desired() == Desired.SCALED_TO_ZERO || e.status().state() == EndpointState.FAILED) {
            t.live().forEach(r -> stop(t, r));
            t.activeSince = now;
            EndpointState state = switch (e.desired()) {
                case PAUSED -> EndpointState.PAUSED;
                case SCALED_TO_ZERO -> EndpointState.SCALED_TO_ZERO;
                case ACTIVE -> EndpointState.FAILED;
            };
            String message = switch (state) {
                case PAUSED -> "Endpoint is paused";
                case SCALED_TO_ZERO -> "Endpoint is scaled to zero; the next request wakes it";
                default -> e.status().message();
            };
            observe(e, new Endpoint.Status(state, message, 0, 0), e.servingSpec(), e.servingVersion(), e.failedVersion(), now);
            return new Route(e.id(), e.spec().type(), state, List.of());
        }

        boolean updateFailed = e.failedVersion() == e.specVersion() && e.servingSpec() != null;
        long version = updateFailed ? e.servingVersion() : e.specVersion();
        EndpointSpec launchSpec = updateFailed ? e.servingSpec() : e.spec();

        if (t.crashesFor(version, now, settings.crashWindow()) >= settings.crashLimit()) {
            String why = t.lastCrash == null ? "" : " (" + t.lastCrash.exit() + "): " + lastLines(t.lastCrash.logTail(), 5);
            t.crashes.clear();
            if (!updateFailed && e.servingVersion() > 0 && e.servingVersion() != e.specVersion()) {
                t.live().stream().filter(r -> r.specVersion() == e.specVersion()).forEach(r -> stop(t, r));
                observe(e, new Endpoint.Status(EndpointState.UPDATE_FAILED, "Update failed: the new replica kept crashing" + why,
                        ready(t.live()), t.target), e.servingSpec(), e.servingVersion(), e.specVersion(), now);
                // The previous version's replicas go on serving.
                return new Route(e.id(), e.spec().type(), EndpointState.UPDATE_FAILED, t.live().stream()
                        .filter(r -> r.health() == ReplicaHealth.READY && r.specVersion() != e.specVersion())
                        .map(r -> new Backend(r.replicaId(), r.address())).toList());
            } else {
                t.live().forEach(r -> stop(t, r));
                observe(e, new Endpoint.Status(EndpointState.FAILED, "Endpoint failed to start: the replica kept crashing" + why, 0, 0),
                        e.servingSpec(), e.servingVersion(), e.failedVersion(), now);
            }
            return new Route(e.id(), e.spec().type(), EndpointState.FAILED, List.of());
        }

        int inFlight = load.inFlight(e.id());
        // The idle clock runs only while the endpoint serves: a replica still loading its model is not idle time.
        if (ready(t.live()) == 0) t.activeSince = now;
        Instant last = latest(load.lastActivity(e.id()), t.activeSince);
        if (autoscaler.idleLongEnough(scaling, inFlight, last, now)) {
            Endpoint.Status zero = new Endpoint.Status(EndpointState.SCALED_TO_ZERO, "Endpoint scaled to zero after being idle", 0, 0);
            if (endpoints.compareAndSetDesired(e.id(), Desired.ACTIVE, Desired.SCALED_TO_ZERO, zero, now)) {
                log.info("endpoint {} idle since {}: scaling to zero", e.id(), last);
                t.live().forEach(r -> stop(t, r));
                return new Route(e.id(), e.spec().type(), EndpointState.SCALED_TO_ZERO, List.of());
            }
        }
        t.target = autoscaler.target(e.id(), scaling, t.target, inFlight, now);

        List<Replica> live = t.live();
        List<Replica> current = live.stream().filter(r -> r.specVersion() == version).toList();
        List<Replica> old = live.stream().filter(r -> r.specVersion() != version).toList();
        String failure = startMissing(e, t, launchSpec, version, current.size(), now);
        if (failure != null) {
            t.live().forEach(r -> stop(t, r));
            observe(e, new Endpoint.Status(EndpointState.FAILED, failure, 0, 0), e.servingSpec(), e.servingVersion(), e.failedVersion(), now);
            return new Route(e.id(), e.spec().type(), EndpointState.FAILED, List.of());
        }
        int readyCurrent = ready(current);
        // Rolling update: an old replica stops only once a new one is ready to take its place.
        int oldToKeep = Math.max(0, t.target - readyCurrent);
        old.stream().sorted(Comparator.comparing((Replica r) -> r.health() == ReplicaHealth.READY))
                .limit(Math.max(0, old.size() - oldToKeep)).forEach(r -> stop(t, r));
        // Scale down: only ready replicas beyond the target, never one still starting.
        int extra = current.size() - t.target;
        if (extra > 0) {
            current.stream().filter(r -> r.health() == ReplicaHealth.READY).sorted(Comparator.comparing(Replica::startedAt).reversed())
                    .limit(extra).forEach(r -> stop(t, r));
        }

        List<Replica> serving = t.live().stream().filter(r -> r.health() == ReplicaHealth.READY).toList();
        boolean updating = t.live().stream().anyMatch(r -> r.specVersion() != version);
        EndpointState state;
        String message;
        EndpointSpec servingSpec = e.servingSpec();
        long servingVersion = e.servingVersion();
        if (updateFailed) {
            state = EndpointState.UPDATE_FAILED;
            message = e.status().message();
        } else if (updating) {
            state = EndpointState.UPDATING;
            message = "Endpoint waiting for the update";
        } else if (readyCurrent > 0) {
            state = EndpointState.RUNNING;
            message = "Endpoint is ready";
            servingSpec = e.spec();
            servingVersion = version;
        } else if (t.started > 0 || !current.isEmpty()) {
            state = EndpointState.INITIALIZING;
            String progress = current.isEmpty() ? "" : lastLines(current.getFirst().logTail(1), 1);
            message = t.lastCrash != null && t.lastCrash.version() == version
                    ? "Replica crashed (" + t.lastCrash.exit() + "), restarting: " + lastLines(t.lastCrash.logTail(), 1)
                    : "Starting replica" + (progress.isBlank() ? ": loading the model" : ": " + progress);
        } else {
            state = EndpointState.PENDING;
            message = "Endpoint waiting to be scheduled";
        }
        observe(e, new Endpoint.Status(state, message, serving.size(), t.target), servingSpec, servingVersion, e.failedVersion(), now);
        return new Route(e.id(), e.spec().type(), state,
                serving.stream().map(r -> new Backend(r.replicaId(), r.address())).toList());
    }

    /** Starts replicas up to the target, honouring crash back-off. Returns a failure message when it cannot. */
    private String startMissing(Endpoint e, Tracked t, EndpointSpec spec, long version, int have, Instant now) {
        if (have >= t.target || now.isBefore(t.backoffUntil)) return null;
        for (int i = have; i < t.target; i++) {
            String replicaId = e.id().namespace() + "." + e.id().name() + "." + Long.toHexString(now.toEpochMilli()) + i;
            try {
                Replica r = provider.start(planner.plan(e.id(), replicaId, version, spec));
                t.replicas.add(r);
                t.started++;
                log.info("started replica {} of {} (spec v{})", replicaId, e.id(), version);
            } catch (IllegalArgumentException ex) {
                return "Endpoint failed to start: " + ex.getMessage();
            }
        }
        return null;
    }

    /** Removes exited replicas; an exit we did not ask for is a crash, and starts the back-off. */
    private void collectExits(Tracked t, Instant now) {
        for (Replica r : List.copyOf(t.replicas)) {
            boolean timedOut = r.health() == ReplicaHealth.STARTING
                    && r.startedAt().plus(settings.startTimeout()).isBefore(now);
            if (timedOut && !t.stopping.contains(r.replicaId())) {
                recordCrash(t, r, "not ready within " + settings.startTimeout().toSeconds() + " s", now);
                stop(t, r);
                continue;
            }
            if (r.health() != ReplicaHealth.EXITED) continue;
            t.replicas.remove(r);
            if (!t.stopping.remove(r.replicaId())) {
                recordCrash(t, r, r.exitCode().map(c -> "exit code " + c).orElse("exited"), now);
            }
        }
    }

    private void recordCrash(Tracked t, Replica r, String exit, Instant now) {
        Tracked.Crash crash = new Tracked.Crash(now, r.specVersion(), r.replicaId(), exit, r.logTail(40));
        t.crashes.addLast(crash);
        t.lastCrash = crash;
        long n = t.crashes.stream().filter(c -> c.version() == r.specVersion()).count();
        Duration backoff = settings.backoffBase().multipliedBy(1L << Math.min(10, n - 1));
        if (backoff.compareTo(settings.backoffMax()) > 0) backoff = settings.backoffMax();
        t.backoffUntil = now.plus(backoff);
        log.warn("replica {} of {} crashed ({}); restart in {} ms", r.replicaId(), r.endpoint(), exit, backoff.toMillis());
    }

    /** Stops a replica off the reconciler thread (a polite stop may take the grace period). */
    private void stop(Tracked t, Replica r) {
        if (!t.stopping.add(r.replicaId())) return;
        Thread stopper = Thread.ofVirtual().name("stop-" + r.replicaId()).unstarted(() -> {
            try {
                provider.stop(r);
            } catch (RuntimeException ex) {
                log.warn("stopping replica {} failed", r.replicaId(), ex);
            }
        });
        stoppers.add(stopper);
        stoppers.removeIf(th -> th.getState() == Thread.State.TERMINATED);
        stopper.start();
    }

    private void observe(Endpoint e, Endpoint.Status status, EndpointSpec serving, long servingVersion, long failedVersion, Instant now) {
        boolean same = status.equals(e.status()) && servingVersion == e.servingVersion() && failedVersion == e.failedVersion();
        if (!same) endpoints.saveObserved(e, status, serving, servingVersion, failedVersion, now);
    }

    private static int ready(List<Replica> replicas) {
        return (int) replicas.stream().filter(r -> r.health() == ReplicaHealth.READY).count();
    }

    private static Instant latest(Instant a, Instant b) {
        if (a == null) return b;
        if (b == null) return a;
        return a.isAfter(b) ? a : b;
    }

    static String lastLines(String text, int n) {
        List<String> lines = text.lines().filter(l -> !l.isBlank()).toList();
        return String.join(" | ", lines.subList(Math.max(0, lines.size() - n), lines.size()));
    }

    @Override
    public void close() {
        running = false;
        nudge();
        try {
            if (thread != null) thread.join(5_000);
            for (Thread stopper : List.copyOf(stoppers)) stopper.join(20_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
