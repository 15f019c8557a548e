package dev.hearth.server.reconcile;

import dev.hearth.server.autoscale.Autoscaler;
import dev.hearth.server.endpoint.Endpoint;
import dev.hearth.server.endpoint.EndpointSpec;
import dev.hearth.server.endpoint.EndpointState;
import dev.hearth.server.reconcile.ReconcileDecision.Memory;
import dev.hearth.server.reconcile.ReconcileDecision.Start;
import dev.hearth.server.reconcile.ReconcileDecision.Stop;
import dev.hearth.server.reconcile.ReconcileDecision.StopReason;
import dev.hearth.server.reconcile.ReconcileDecision.Write;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Decides what to do with one endpoint: from its stored row (what the API asked for), what was observed, and the
 * time, to the replicas to stop and start and the status to store. A pure function: no I/O, no clock, no provider;
 * the same inputs give the same decision, so any control plane instance, or a Kubernetes operator, can take it.
 *
 * <p>The questions, in the order they are asked, each ending the decision when it applies:
 * <ol>
 *   <li>Is a replica of another incarnation of the name running (an endpoint deleted and re-created)? It stops at
 *       once, and the questions below see only this incarnation's replicas: spec versions restart at 1, so only the
 *       incarnation tells an old replica from a current one.</li>
 *   <li>Should it run at all? Paused, scaled to zero and failed endpoints run nothing.</li>
 *   <li>Did the version being deployed crash as often as the limit allows? A failed update falls back to the
 *       previous version; a first deployment fails.</li>
 *   <li>Has it been idle for its scale-to-zero timeout? (Never while its scaling schedule sets a floor of one or
 *       more: {@link Observed#scheduledFloor} takes the place of minReplica.)</li>
 *   <li>Otherwise: start replicas up to the target (after the crash back-off), replace older versions only as new
 *       replicas become ready (a rolling update), and remove ready replicas beyond the target. Among the older
 *       versions, those the store does not name as serving go first.</li>
 * </ol>
 */
final class Decider {

    private final Autoscaler autoscaler;
    private final int crashLimit;
    private final Duration crashWindow;

    /**
     * @param crashLimit  crashes of one spec version within {@code crashWindow} that end in failed/updateFailed
     */
    Decider(Autoscaler autoscaler, int crashLimit, Duration crashWindow) {
        this.autoscaler = autoscaler;
        this.crashLimit = crashLimit;
        this.crashWindow = crashWindow;
    }

    ReconcileDecision decide(Endpoint e, Observed o, Instant now) {
        List<Stop> strangers = o.replicas().stream().filter(r -> !r.incarnation().equals(e.incarnation()))
                .map(r -> new Stop(r.replicaId(), StopReason.OTHER_INCARNATION)).toList();
        return decideOwn(e, o.onlyOf(e.incarnation()), now).alsoStopping(strangers);
    }

    /** The decision for the endpoint's own replicas ({@code o} holds no other incarnation's). */
    private ReconcileDecision decideOwn(Endpoint e, Observed o, Instant now) {
        List<ObservedReplica> live = o.replicas();
        if (StatusMessages.runsNothing(e)) {
            // A new active period starts when it runs again: the time spent stopped is not idle time.
            Memory memory = new Memory(o.target(), o.lowering(), now, false);
            Endpoint.Status status = StatusMessages.halted(e);
            return new ReconcileDecision(stopAll(live, StopReason.NOT_WANTED), List.of(), null,
                    unchangedServing(e, status), status.state(), List.of(), memory);
        }

        // After a failed update the previous spec is the one to keep running (and restart when it crashes).
        boolean updateFailed = e.failedVersion() == e.specVersion() && e.servingSpec() != null;
        long version = updateFailed ? e.servingVersion() : e.specVersion();
        EndpointSpec launchSpec = updateFailed ? e.servingSpec() : e.spec();

        if (o.crashesWithin(crashWindow, version, now) >= crashLimit) return crashLimitReached(e, o, updateFailed);

        // The idle clock runs only while the endpoint serves: a replica still loading its model is not idle time.
        Instant activeSince = live.stream().anyMatch(ObservedReplica::ready) ? o.activeSince() : now;
        Instant last = latest(o.lastActivity(), activeSince);
        // A scaling window's floor stands in for minReplica: for the idle decision (a floor of 1 or more keeps the
        // endpoint awake; 0 lets it go to zero) and for the autoscaler's lower bound.
        EndpointSpec.Scaling scaling = e.spec().compute().scaling();
        if (o.scheduledFloor() != null) scaling = scaling.withMinReplica(Math.min(o.scheduledFloor(), scaling.maxReplica()));
        if (!o.idleVetoed() && autoscaler.idleLongEnough(scaling, o.inFlight(), last, now)) {
            return new ReconcileDecision(stopAll(live, StopReason.IDLE), List.of(), StatusMessages.idle(), null,
                    EndpointState.SCALED_TO_ZERO, List.of(), new Memory(o.target(), o.lowering(), activeSince, false));
        }
        Autoscaler.Target aim = autoscaler.target(scaling, o.target(), o.lowering(), o.inFlight(), now);
        int target = aim.replicas();
        Memory memory = new Memory(target, aim.lowering(), activeSince, false);

        List<ObservedReplica> current = live.stream().filter(r -> r.specVersion() == version).toList();
        List<ObservedReplica> old = live.stream().filter(r -> r.specVersion() != version).toList();
        List<Start> starts = new ArrayList<>();
        if (!now.isBefore(o.backoffUntil())) {
            for (int i = current.size(); i < target; i++) starts.add(new Start(version, launchSpec, i));
        }
        int readyCurrent = (int) current.stream().filter(ObservedReplica::ready).count();
        List<Stop> stops = new ArrayList<>();
        // Rolling update: an old replica stops only once a new one is ready to take its place; unready ones go first,
        // then those of a version the store does not name as serving (an update overtaken by a newer one).
        int oldToKeep = Math.max(0, target - readyCurrent);
        old.stream().sorted(Comparator.comparing(ObservedReplica::ready)
                        .thenComparing(r -> r.specVersion() == e.servingVersion()))
                .limit(Math.max(0, old.size() - oldToKeep))
                .forEach(r -> stops.add(new Stop(r.replicaId(), StopReason.REPLACED)));
        // Scale down: keep as many ready replicas as the target allows, then fill it with starting ones; what is left
        // stops, the youngest first. A ready replica serves now and a starting one may need minutes (download, load),
        // so a starting one goes before a ready one, and the ready ones kept never drop below min(ready, target).
        if (current.size() > target) {
            Comparator<ObservedReplica> youngestFirst = Comparator.comparing(ObservedReplica::startedAt).reversed();
            List<ObservedReplica> ready = current.stream().filter(ObservedReplica::ready).sorted(youngestFirst).toList();
            List<ObservedReplica> starting = current.stream().filter(r -> !r.ready()).sorted(youngestFirst).toList();
            int keepReady = Math.min(ready.size(), target);
            int keepStarting = Math.min(starting.size(), target - keepReady);
            ready.stream().limit(ready.size() - keepReady).forEach(r -> stops.add(new Stop(r.replicaId(), StopReason.SCALE_DOWN)));
            starting.stream().limit(starting.size() - keepStarting).forEach(r -> stops.add(new Stop(r.replicaId(), StopReason.SCALE_DOWN)));
        }

        Set<String> stopped = new HashSet<>();
        stops.forEach(s -> stopped.add(s.replicaId()));
        List<ObservedReplica> kept = live.stream().filter(r -> !stopped.contains(r.replicaId())).toList();
        List<String> serving = kept.stream().filter(ObservedReplica::ready).map(ObservedReplica::replicaId).toList();
        // Replicas started now run this version, so only the kept ones can make it an update in progress.
        boolean updating = kept.stream().anyMatch(r -> r.specVersion() != version);
        Crash crash = o.lastCrash() != null && o.lastCrash().version() == version ? o.lastCrash() : null;
        StatusMessages.Active facts = new StatusMessages.Active(updateFailed, updating, readyCurrent,
                o.started() + starts.size() > 0 || !current.isEmpty(),
                current.isEmpty() ? "" : current.getFirst().lastLogLine(), crash);
        Endpoint.Status status = StatusMessages.active(e, facts, serving.size(), target);
        Write write = status.state() == EndpointState.RUNNING
                ? new Write(status, e.spec(), version, e.failedVersion())
                : unchangedServing(e, status);
        return new ReconcileDecision(stops, starts, null, write, status.state(), serving, memory);
    }

    private ReconcileDecision crashLimitReached(Endpoint e, Observed o, boolean updateFailed) {
        List<ObservedReplica> live = o.replicas();
        Memory memory = new Memory(o.target(), o.lowering(), o.activeSince(), true);
        boolean updating = !updateFailed && e.servingVersion() > 0 && e.servingVersion() != e.specVersion();
        if (!updating) {
            Endpoint.Status status = StatusMessages.crashLooping(o.lastCrash());
            return new ReconcileDecision(stopAll(live, StopReason.CRASH_LIMIT), List.of(), null,
                    unchangedServing(e, status), EndpointState.FAILED, List.of(), memory);
        }
        // The update failed: its replicas go, and the previous version's go on serving.
        List<Stop> stops = live.stream().filter(r -> r.specVersion() == e.specVersion())
                .map(r -> new Stop(r.replicaId(), StopReason.CRASH_LIMIT)).toList();
        List<String> serving = live.stream().filter(r -> r.specVersion() != e.specVersion() && r.ready())
                .map(ObservedReplica::replicaId).toList();
        Endpoint.Status status = StatusMessages.updateFailed(o.lastCrash(), serving.size(), o.target());
        return new ReconcileDecision(stops, List.of(), null,
                new Write(status, e.servingSpec(), e.servingVersion(), e.specVersion()),
                EndpointState.UPDATE_FAILED, serving, memory);
    }

    private static Write unchangedServing(Endpoint e, Endpoint.Status status) {
        return new Write(status, e.servingSpec(), e.servingVersion(), e.failedVersion());
    }

    private static List<Stop> stopAll(List<ObservedReplica> live, StopReason reason) {
        return live.stream().map(r -> new Stop(r.replicaId(), reason)).toList();
    }

    private static Instant latest(Instant a, Instant b) {
        if (a == null) return b;
        if (b == null) return a;
        return a.isAfter(b) ? a : b;
    }
}
