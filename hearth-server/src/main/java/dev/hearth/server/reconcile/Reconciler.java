package dev.hearth.server.reconcile;

import dev.hearth.server.autoscale.Autoscaler;
import dev.hearth.server.autoscale.LoadView;
import dev.hearth.server.endpoint.Desired;
import dev.hearth.server.endpoint.Endpoint;
import dev.hearth.server.endpoint.EndpointId;
import dev.hearth.server.endpoint.EndpointState;
import dev.hearth.server.gateway.Backend;
import dev.hearth.server.gateway.Route;
import dev.hearth.server.gateway.RoutingTable;
import dev.hearth.server.provider.Replica;
import dev.hearth.server.provider.ReplicaHealth;
import dev.hearth.server.provider.ReplicaProvider;
import dev.hearth.server.store.ColdStartRepository;
import dev.hearth.server.store.EndpointRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;

/**
 * Drives every endpoint from what is running to what the API asked for, and records what it observed.
 *
 * <p>One thread does all the work, pass after pass: on a short tick, and at once when the API, a replica's health
 * or the gateway's cold-start signal says something changed. Each pass reads the desired state from the store, so
 * a restarted server converges from the store plus the replicas the provider adopted; nothing lives only in memory
 * except crash history and scaling hysteresis.
 *
 * <p>Each endpoint's pass has three steps: observe (collect exits and crashes, snapshot the replicas), decide (the
 * pure {@link Decider}), carry out (start, stop, store the status, publish the route). Only the first and last touch
 * the provider, the store or the clock.
 */
public final class Reconciler implements RoutingTable, EndpointLogs, AutoCloseable {

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
    private final ScheduledFloors floors;
    private final ReplicaProvider provider;
    private final LaunchPlanner planner;
    private final Decider decider;
    private final LoadView load;
    private final Clock clock;
    private final Settings settings;
    private final Map<EndpointId, Tracked> tracked = new ConcurrentHashMap<>();
    private volatile Map<EndpointId, Route> routes = Map.of();
    private final ConcurrentLinkedQueue<EndpointId> wakeRequests = new ConcurrentLinkedQueue<>();
    private final PassSignal passes;
    private final Consumer<Map<EndpointId, Route>> publish;
    /** What {@link #publish} last took; null before the first pass, so that the first pass always publishes. */
    private Map<EndpointId, Route> published;
    private volatile boolean running = true;
    private volatile long lastPassNanos;
    private Thread thread;
    /** Stops in progress; close() waits for them, so no replica is half-stopped when the server goes. */
    private final Set<Thread> stoppers = ConcurrentHashMap.newKeySet();

    /**
     * @param passes  raised by whoever sees a change (the provider, on a replica's health); this waits on it
     * @param publish takes the routing table after each pass that changed it (for the other control-plane instances
     *                on the same store); called on the reconciler's thread, its failures logged
     */
    public Reconciler(EndpointRepository endpoints, ColdStartRepository coldStarts, ReplicaProvider provider,
                      LaunchPlanner planner, Autoscaler autoscaler, LoadView load, Clock clock, Settings settings,
                      PassSignal passes, Consumer<Map<EndpointId, Route>> publish) {
        this.endpoints = endpoints;
        this.floors = new ScheduledFloors(coldStarts);
        this.provider = provider;
        this.planner = planner;
        this.decider = new Decider(autoscaler, settings.crashLimit(), settings.crashWindow());
        this.load = load;
        this.clock = clock;
        this.settings = settings;
        this.passes = passes;
        this.publish = publish;
    }

    /** Adopts the replicas still running from before, then starts reconciling. */
    public void start() {
        Instant now = clock.instant();
        for (Replica r : provider.recover()) {
            Tracked t = tracked.computeIfAbsent(r.endpoint(), id -> new Tracked(id, now));
            t.replicas.add(r);
            // Launched by an earlier run of the control plane: how long it took to get ready is not known here.
            t.measured.add(r.replicaId());
            log.info("adopted replica {} of {} (incarnation {}, spec v{})", r.replicaId(), r.endpoint(), r.incarnation(),
                    r.specVersion());
        }
        thread = Thread.ofPlatform().name("hearth-reconciler").daemon(true).start(this::loop);
    }

    /** How long the last complete pass took (0 before the first): {@code hearth_reconcile_pass_seconds}. */
    public Duration lastPass() {
        return Duration.ofNanos(lastPassNanos);
    }

    /** Asks for a pass now (after an API write, or a replica's health change). */
    public void nudge() {
        passes.raise();
    }

    @Override
    public void wake(EndpointId id) {
        wakeRequests.add(id);
        nudge();
    }

    @Override
    public Optional<Route> route(EndpointId id) {
        return routeOrStore(routes.get(id), id, endpoints);
    }

    /**
     * The route to answer with, given the last computed one ({@code r}, null when none): the store settles a route
     * that may be one pass old and refusing, and answers for an endpoint no pass has seen yet. Also what the other
     * instances, which route by the leader's published table, answer with.
     */
    public static Optional<Route> routeOrStore(Route r, EndpointId id, EndpointRepository endpoints) {
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
    @Override
    public String logs(EndpointId id, int lines) {
        Tracked t = tracked.get(id);
        return t == null ? "" : ReplicaLogs.render(List.copyOf(t.replicas), t.lastCrash, lines);
    }

    @Override
    public List<ReplicaLog> replicaLogs(EndpointId id) {
        Tracked t = tracked.get(id);
        return t == null ? List.of() : ReplicaLogs.sources(List.copyOf(t.replicas), t.lastCrash);
    }

    private void loop() {
        while (running) {
            try {
                long began = System.nanoTime();
                pass();
                lastPassNanos = System.nanoTime() - began;
            } catch (RuntimeException e) {
                // A pass must never end the loop: the next one retries from the store.
                log.error("reconcile pass failed", e);
            }
            try {
                passes.await(settings.tick());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void pass() {
        Instant now = clock.instant();
        applyWakes(now);
        List<Endpoint> all = endpoints.all();
        Set<EndpointId> present = new HashSet<>();
        Map<EndpointId, Route> next = new HashMap<>();
        for (Endpoint e : all) {
            present.add(e.id());
            Tracked t = tracked.computeIfAbsent(e.id(), id -> new Tracked(id, now));
            t.follow(e.incarnation(), now);
            next.put(e.id(), reconcile(e, t, now));
        }
        routes = Map.copyOf(next);
        publishIfChanged(routes);
        for (EndpointId gone : List.copyOf(tracked.keySet())) {
            if (present.contains(gone)) continue;
            Tracked t = tracked.remove(gone);
            t.live().forEach(r -> stop(t, r));
            floors.forget(gone);
            try {
                provider.deleted(gone);
            } catch (RuntimeException ex) {
                log.warn("the provider could not remove what it kept for deleted endpoint {}", gone, ex);
            }
            log.info("endpoint {} deleted; its replicas are stopped", gone);
        }
    }

    /**
     * What an instance that is not the leader does for a request at a scaled-to-zero endpoint: makes it active in the
     * store, which the leader's next pass reads.
     */
    public static void wakeInStore(EndpointRepository endpoints, EndpointId id, Instant now) {
        endpoints.compareAndSetDesired(id, null, Desired.SCALED_TO_ZERO, Desired.ACTIVE, StatusMessages.wakingUp(), now);
    }

    private void publishIfChanged(Map<EndpointId, Route> current) {
        if (current.equals(published)) return;
        try {
            publish.accept(current);
            published = current;
        } catch (RuntimeException e) {
            log.warn("could not publish the routing table (the next pass tries again): {}", e.getMessage());
        }
    }

    /** A request reached a scaled-to-zero endpoint: make it active again, and count activity from now. */
    private void applyWakes(Instant now) {
        for (EndpointId id; (id = wakeRequests.poll()) != null; ) {
            Tracked t = tracked.get(id);
            if (t != null) t.activeSince = now;
            endpoints.compareAndSetDesired(id, null, Desired.SCALED_TO_ZERO, Desired.ACTIVE, StatusMessages.wakingUp(), now);
        }
    }

    private Route reconcile(Endpoint e, Tracked t, Instant now) {
        collectExits(t, now);
        floors.measureColdStarts(e, t);
        Integer floor = floors.floor(e, t, now);
        if (floor != null && floor > 0 && e.desired() == Desired.SCALED_TO_ZERO) {
            // A window opens (or is about to): wake the endpoint as a request would. A paused one stays paused.
            if (endpoints.compareAndSetDesired(e.id(), e.incarnation(), Desired.SCALED_TO_ZERO, Desired.ACTIVE,
                    StatusMessages.scheduledWake(), now)) {
                log.info("endpoint {}: a scaling window sets {} replica(s); waking it", e.id(), floor);
                t.activeSince = now;
                e = endpoints.find(e.id()).orElse(e);
            }
        }
        Observed observed = observe(e, t).withScheduledFloor(floor);
        ReconcileDecision d = decider.decide(e, observed, now);
        t.forgetCrashesBefore(now.minus(settings.crashWindow()));
        if (d.scaleToZero() != null) {
            // The store has the last word: if the API changed the endpoint since we read it, it stays active.
            if (endpoints.compareAndSetDesired(e.id(), e.incarnation(), Desired.ACTIVE, Desired.SCALED_TO_ZERO,
                    d.scaleToZero(), now)) {
                log.info("endpoint {} idle: scaling to zero", e.id());
            } else {
                d = decider.decide(e, observed.withIdleVetoed(), now);
            }
        }
        return carryOut(e, t, d, now);
    }

    private Observed observe(Endpoint e, Tracked t) {
        List<ObservedReplica> replicas = t.live().stream().map(r -> {
            ReplicaHealth health = r.health();
            // The log is read only while it says something the status needs: download or loading progress.
            String line = health == ReplicaHealth.READY ? "" : StatusMessages.lastLines(r.logTail(1), 1);
            return new ObservedReplica(r.replicaId(), r.incarnation(), r.specVersion(), health, r.startedAt(), line);
        }).toList();
        return new Observed(replicas, List.copyOf(t.crashes), t.lastCrash, t.backoffUntil, t.target, t.lowering, t.started,
                t.activeSince, load.inFlight(e.id()), load.lastActivity(e.id()), false);
    }

    /** Starts first, so that a refused start fails the endpoint before anything else changes. */
    private Route carryOut(Endpoint e, Tracked t, ReconcileDecision d, Instant now) {
        t.remember(d.memory());
        String refused = startAll(e, t, d.starts(), now);
        if (refused != null) {
            t.live().forEach(r -> stop(t, r));
            write(e, new ReconcileDecision.Write(StatusMessages.startRefused(refused), e.servingSpec(), e.servingVersion(),
                    e.failedVersion()), now);
            return new Route(e.id(), e.spec().type(), EndpointState.FAILED, List.of());
        }
        for (ReconcileDecision.Stop s : d.stops()) {
            find(t, s.replicaId()).ifPresent(r -> {
                if (s.reason() != ReconcileDecision.StopReason.NOT_WANTED) {
                    log.info("stopping replica {} of {} ({})", r.replicaId(), e.id(), s.reason().name().toLowerCase());
                }
                stop(t, r);
            });
        }
        if (d.write() != null) write(e, d.write(), now);
        List<Backend> backends = d.serving().stream().flatMap(id -> find(t, id).stream())
                .map(Reconciler::backend).toList();
        return new Route(e.id(), e.spec().type(), d.routeState(), backends, planner.capacity(e.spec()));
    }

    /** What the gateway needs to reach a replica: its address and the key it requires. */
    private static Backend backend(Replica r) {
        return new Backend(r.replicaId(), r.address(), r.apiKey().orElse(null), r.keyName());
    }

    /**
     * Returns why the provider or the planner refused a start; null when all started. Each replica is launched from
     * the spec of the version this pass read, labelled with that version and the endpoint's incarnation (also part
     * of its id, {@code ns.name.incarnation.time+ordinal}), so that what it runs is always what the store holds.
     */
    private String startAll(Endpoint e, Tracked t, List<ReconcileDecision.Start> starts, Instant now) {
        for (ReconcileDecision.Start s : starts) {
            String replicaId = e.id().namespace() + "." + e.id().name() + "." + e.incarnation() + "."
                    + Long.toHexString(now.toEpochMilli()) + s.ordinal();
            try {
                Replica r = provider.start(planner.plan(e.id(), e.incarnation(), replicaId, s.version(), s.spec()));
                t.replicas.add(r);
                t.launchedAt.put(r.replicaId(), now);
                t.started++;
                log.info("started replica {} of {} (spec v{})", replicaId, e.id(), s.version());
            } catch (IllegalArgumentException ex) {
                return ex.getMessage();
            }
        }
        return null;
    }

    private static Optional<Replica> find(Tracked t, String replicaId) {
        return t.replicas.stream().filter(r -> r.replicaId().equals(replicaId)).findFirst();
    }

    /** Removes exited replicas; an exit we did not ask for is a crash, and starts the back-off. */
    private void collectExits(Tracked t, Instant now) {
        for (Replica r : List.copyOf(t.replicas)) {
            // Timed on this control plane's clock from when it launched the replica: the provider's startedAt is
            // its own (wall) time, which a settable clock need not agree with. An adopted one counts from its start.
            Instant launched = t.launchedAt.getOrDefault(r.replicaId(), r.startedAt());
            boolean timedOut = r.health() == ReplicaHealth.STARTING && launched.plus(settings.startTimeout()).isBefore(now);
            if (timedOut && !t.stopping.contains(r.replicaId())) {
                if (t.owns(r)) recordCrash(t, r, "not ready within " + settings.startTimeout().toSeconds() + " s", now);
                stop(t, r);
                continue;
            }
            if (r.health() != ReplicaHealth.EXITED) continue;
            t.replicas.remove(r);
            t.launchedAt.remove(r.replicaId());
            // A replica of a deleted incarnation ending is no crash of this one (its version numbers mean another spec).
            if (!t.stopping.remove(r.replicaId()) && t.owns(r)) {
                recordCrash(t, r, r.exitReason().orElseGet(() -> r.exitCode().map(c -> "exit code " + c).orElse("exited")), now);
            }
        }
    }

    /** Back-off doubles with each crash of the version, from backoffBase up to backoffMax. */
    private void recordCrash(Tracked t, Replica r, String exit, Instant now) {
        Crash crash = new Crash(now, r.specVersion(), r.replicaId(), exit, r.logTail(40));
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

    private void write(Endpoint e, ReconcileDecision.Write w, Instant now) {
        if (w.changes(e)) endpoints.saveObserved(e, w.status(), w.servingSpec(), w.servingVersion(), w.failedVersion(), now);
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
