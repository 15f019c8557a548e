package dev.hearth.server.reconcile;

import dev.hearth.server.autoscale.Autoscaler;
import dev.hearth.server.endpoint.EndpointId;
import dev.hearth.server.provider.Replica;
import dev.hearth.server.provider.ReplicaHealth;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The reconciler's memory of one endpoint: its replicas, recent crashes, back-off and scaling hysteresis. Owned by
 * the reconciler thread; {@link #replicas} is copied for readers.
 */
final class Tracked {

    final EndpointId id;
    final List<Replica> replicas = new ArrayList<>();
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

    void remember(ReconcileDecision.Memory memory) {
        target = memory.target();
        lowering = memory.lowering();
        activeSince = memory.activeSince();
        if (memory.forgetCrashes()) crashes.clear();
    }
}
