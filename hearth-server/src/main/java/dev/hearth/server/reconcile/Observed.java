package dev.hearth.server.reconcile;

import dev.hearth.server.autoscale.Autoscaler;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Everything the decision knows about one endpoint besides its stored row: the replicas running and not being
 * stopped, the crash history and the memory earlier passes kept. A snapshot: nothing in it changes while
 * {@link Decider#decide} runs.
 *
 * @param replicas     live replicas, oldest start first (the order replicas are picked in among equals)
 * @param crashes      crashes of every version, oldest first; those older than the crash window no longer count
 * @param lastCrash    the latest crash, of any version; null if none
 * @param backoffUntil no replica is started before this instant
 * @param target       the replica count aimed for until now
 * @param lowering     the autoscaler's pending lower target; null when none
 * @param started      replicas started for this endpoint since the control plane started
 * @param activeSince  start of the current active period: the idle clock never starts before it
 * @param inFlight     requests in flight or waiting, from the gateway
 * @param lastActivity the last request the gateway saw; null if none
 * @param idleVetoed   true when going to zero was decided but the store refused it (the API changed the endpoint
 *                     meanwhile): decide again as if it were not idle
 * @param scheduledFloor the floor of replicas the endpoint's scaling schedule sets now, pre-warm included
 *                     ({@link dev.hearth.server.autoscale.ScalingSchedule#floorAt}), in place of the spec's minReplica;
 *                     null when it has no schedule (or none of its entries has fired yet)
 */
record Observed(List<ObservedReplica> replicas, List<Crash> crashes, Crash lastCrash, Instant backoffUntil, int target,
                Autoscaler.Lowering lowering, int started, Instant activeSince, int inFlight, Instant lastActivity,
                boolean idleVetoed, Integer scheduledFloor) {

    Observed {
        replicas = List.copyOf(replicas);
        crashes = List.copyOf(crashes);
    }

    /** Of an endpoint without a scaling schedule. */
    Observed(List<ObservedReplica> replicas, List<Crash> crashes, Crash lastCrash, Instant backoffUntil, int target,
             Autoscaler.Lowering lowering, int started, Instant activeSince, int inFlight, Instant lastActivity,
             boolean idleVetoed) {
        this(replicas, crashes, lastCrash, backoffUntil, target, lowering, started, activeSince, inFlight, lastActivity,
                idleVetoed, null);
    }

    Observed withIdleVetoed() {
        return new Observed(replicas, crashes, lastCrash, backoffUntil, target, lowering, started, activeSince, inFlight,
                lastActivity, true, scheduledFloor);
    }

    Observed withScheduledFloor(Integer floor) {
        return new Observed(replicas, crashes, lastCrash, backoffUntil, target, lowering, started, activeSince, inFlight,
                lastActivity, idleVetoed, floor);
    }

    /** Only the replicas of {@code incarnation}: the others are not this endpoint's, whatever their version. */
    Observed onlyOf(String incarnation) {
        return new Observed(replicas.stream().filter(r -> r.incarnation().equals(incarnation)).toList(), crashes,
                lastCrash, backoffUntil, target, lowering, started, activeSince, inFlight, lastActivity, idleVetoed,
                scheduledFloor);
    }

    int crashesWithin(Duration window, long version, Instant now) {
        Instant since = now.minus(window);
        return (int) crashes.stream().filter(c -> c.version() == version && !c.at().isBefore(since)).count();
    }
}
