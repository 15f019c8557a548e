package dev.hearth.server.reconcile;

import dev.hearth.server.autoscale.Autoscaler;
import dev.hearth.server.endpoint.Endpoint;
import dev.hearth.server.endpoint.EndpointSpec;
import dev.hearth.server.endpoint.EndpointState;

import java.time.Instant;
import java.util.List;

/**
 * What one pass does to one endpoint, decided before anything is done: the loop starts {@link #starts} first, then
 * stops {@link #stops}, then writes {@link #write} and routes to {@link #serving}.
 *
 * @param stops       live replicas to stop
 * @param starts      replicas to start; if the provider refuses one, the endpoint fails instead (see {@link
 *                    StatusMessages#startRefused})
 * @param scaleToZero when not null, the endpoint has been idle long enough: the loop must first switch its desired
 *                    state from active to scaled-to-zero in the store with this status, and decide again (with
 *                    {@link Observed#withIdleVetoed}) if the store refuses
 * @param write       the observed status to store; null when {@code scaleToZero} writes it
 * @param routeState  the state the gateway answers from
 * @param serving     replicas the gateway may send requests to (ready ones this decision keeps)
 * @param memory      what the next pass must remember
 */
record ReconcileDecision(List<Stop> stops, List<Start> starts, Endpoint.Status scaleToZero, Write write,
                         EndpointState routeState, List<String> serving, Memory memory) {

    ReconcileDecision {
        stops = List.copyOf(stops);
        starts = List.copyOf(starts);
        serving = List.copyOf(serving);
    }

    enum StopReason {
        /** The endpoint is paused, scaled to zero or failed: nothing runs. */
        NOT_WANTED,
        /** Its version crashed as many times as the crash limit allows. */
        CRASH_LIMIT,
        /** Idle for the scale-to-zero timeout. */
        IDLE,
        /** An older version, replaced by a ready replica of the current one. */
        REPLACED,
        /** Beyond the target replica count. */
        SCALE_DOWN,
        /** Launched for another incarnation of the endpoint's name (one deleted since): it runs another spec. */
        OTHER_INCARNATION
    }

    record Stop(String replicaId, StopReason reason) {}

    /** This decision, stopping {@code first} too, before its own stops. */
    ReconcileDecision alsoStopping(List<Stop> first) {
        if (first.isEmpty()) return this;
        List<Stop> all = new java.util.ArrayList<>(first);
        all.addAll(stops);
        return new ReconcileDecision(all, starts, scaleToZero, write, routeState, serving, memory);
    }

    /** @param ordinal the replica's place among the endpoint's target count, part of its id */
    record Start(long version, EndpointSpec spec, int ordinal) {}

    /** The reconciler's columns of the endpoint row. */
    record Write(Endpoint.Status status, EndpointSpec servingSpec, long servingVersion, long failedVersion) {

        /** Whether storing this would change the row: a pass that changes nothing writes nothing. */
        boolean changes(Endpoint e) {
            return !(status.equals(e.status()) && servingVersion == e.servingVersion() && failedVersion == e.failedVersion());
        }
    }

    /**
     * @param forgetCrashes the crash limit was reached and acted on: the next failure counts from zero
     */
    record Memory(int target, Autoscaler.Lowering lowering, Instant activeSince, boolean forgetCrashes) {}
}
