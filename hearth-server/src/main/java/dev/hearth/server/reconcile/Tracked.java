package dev.hearth.server.reconcile;

import dev.hearth.server.autoscale.Autoscaler;
import dev.hearth.server.autoscale.ScalingSchedule;
import dev.hearth.server.endpoint.EndpointSpec;
import dev.hearth.server.endpoint.EndpointId;
import dev.hearth.server.provider.Replica;
import dev.hearth.server.provider.ReplicaHealth;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.List;
import java.util.Set;

/**
 * The reconciler's memory of one endpoint: its replicas, recent crashes, back-off and scaling hysteresis. Owned by
 * the reconciler thread; {@link #replicas} is copied for readers.
 */
final class Tracked {

    final EndpointId id;
    /** The endpoint incarnation the memory below is about; null until a pass read the endpoint (adopted replicas). */
    String incarnation;
    final List<Replica> replicas = new ArrayList<>();
    /** When this control plane launched each replica it started, on its own clock (the start timeout counts from it). */
    final Map<String, Instant> launchedAt = new HashMap<>();
    /** Replicas we stopped on purpose: their exit is not a crash. */
    final Set<String> stopping = new HashSet<>();
    final Deque<Crash> crashes = new ArrayDeque<>();
    Crash lastCrash;
    Instant backoffUntil = Instant.EPOCH;
    int target = 1;
    Autoscaler.Lowering lowering;
    /** Start of the current active period: the idle clock never starts before it. */
    Instant activeSince;
    int started;
    /** The incarnation's measured cold start; null until read from the store, or when never measured. */
    Duration coldStart;
    boolean coldStartRead;
    /** Replicas whose launch-to-ready time was taken, or must not be (adopted ones, whose launch we did not see). */
    final Set<String> measured = new HashSet<>();
    /** The parsed scaling schedule, and the scaling it was parsed from (parsing again only when that changes). */
    EndpointSpec.Scaling scheduleOf;
    ScalingSchedule schedule;

    Tracked(EndpointId id, Instant now) {
        this.id = id;
        this.activeSince = now;
    }

    /** Replicas running and not being stopped. */
    List<Replica> live() {
        return replicas.stream().filter(r -> r.health() != ReplicaHealth.EXITED && !stopping.contains(r.replicaId())).toList();
    }

    /** Crashes before {@code horizon} no longer count towards the limit nor lengthen the back-off. */
    void forgetCrashesBefore(Instant horizon) {
        while (!crashes.isEmpty() && crashes.peekFirst().at().isBefore(horizon)) crashes.removeFirst();
    }

    /**
     * Follows the stored endpoint's incarnation: when its name was deleted and re-created, crash history, back-off
     * and scaling memory were the old one's and start afresh. Replicas stay listed (the decision stops the old ones).
     */
    void follow(String current, Instant now) {
        if (incarnation != null && !incarnation.equals(current)) {
            crashes.clear();
            lastCrash = null;
            backoffUntil = Instant.EPOCH;
            target = 1;
            lowering = null;
            activeSince = now;
            started = 0;
            coldStart = null;
            coldStartRead = false;
        }
        incarnation = current;
    }

    /** Whether {@code r} was launched for the incarnation followed (an unknown one counts as followed). */
    boolean owns(Replica r) {
        return incarnation == null || incarnation.equals(r.incarnation());
    }

    void remember(ReconcileDecision.Memory memory) {
        target = memory.target();
        lowering = memory.lowering();
        activeSince = memory.activeSince();
        if (memory.forgetCrashes()) crashes.clear();
    }
}
