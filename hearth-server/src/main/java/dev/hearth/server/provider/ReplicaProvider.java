package dev.hearth.server.provider;

import java.util.List;

/**
 * Runs replicas: start one for a launch, tell its address, health and logs, stop it. The local provider runs worker
 * processes on this machine; a Kubernetes provider would run pods under the same contract.
 *
 * <p>Replicas outlive the control plane: a provider records what it starts so that, after a restart (even after
 * kill -9), {@link #recover} adopts replicas still running and stops any it started but never recorded.
 */
public interface ReplicaProvider extends AutoCloseable {

    /** Starts a replica; returns at once with it in {@link ReplicaHealth#STARTING}. */
    Replica start(ReplicaLaunch launch);

    /** Stops the replica: a polite termination first, forcibly after a grace period. Idempotent. */
    void stop(Replica replica);

    /**
     * Called once at start-up, before anything is started: adopts the replicas recorded earlier whose processes still
     * run, forgets those that are gone, and stops labelled processes with no record (orphans).
     */
    List<Replica> recover();

    /** Stops watching replicas; does not stop them (they keep serving while the control plane restarts). */
    @Override
    void close();
}
