package dev.hearth.server.provider;

import dev.hearth.server.endpoint.EndpointId;

import java.util.List;

/**
 * Runs replicas: start one for a launch, tell its address, health and logs, stop it. The local provider runs worker
 * processes on this machine; hearth-kubernetes runs pods under the same contract (one Deployment per endpoint
 * version, whose replica count start and stop move).
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

    /**
     * The endpoint's incarnation was deleted and all its replicas are being stopped: a provider that keeps objects
     * per endpoint (a Deployment, a Secret) removes them. Called by the reconciler after it asked every replica to
     * stop; idempotent.
     */
    default void deleted(EndpointId endpoint) {}

    /** Stops watching replicas; does not stop them (they keep serving while the control plane restarts). */
    @Override
    void close();
}
