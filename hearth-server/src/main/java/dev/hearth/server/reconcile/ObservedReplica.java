package dev.hearth.server.reconcile;

import dev.hearth.server.provider.ReplicaHealth;

import java.time.Instant;

/**
 * One live replica as the reconciler saw it at the start of a pass.
 *
 * @param incarnation the endpoint incarnation it was launched for
 * @param lastLogLine the last line of its log while it is not ready (download or load progress); empty once ready
 */
record ObservedReplica(String replicaId, String incarnation, long specVersion, ReplicaHealth health, Instant startedAt, String lastLogLine) {

    boolean ready() {
        return health == ReplicaHealth.READY;
    }
}
