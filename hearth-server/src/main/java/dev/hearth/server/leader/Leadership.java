package dev.hearth.server.leader;

/**
 * Which control-plane instance runs the reconciler and the autoscaler: exactly one at a time among those sharing a
 * store. Every instance serves the API and the gateway whatever it is.
 *
 * <p>Implementations: {@link AlwaysLeader} (SQLite: one instance), {@link PostgresAdvisoryLock} (several instances
 * on one PostgreSQL); {@code LeaseLeadership} in hearth-kubernetes (a Kubernetes Lease), which the provider
 * factory brings ({@code ReplicaProviderFactory.leadership}).
 */
public interface Leadership extends AutoCloseable {

    /** Told when this instance becomes leader and when it stops being one; called on the election's own thread. */
    interface Listener {
        void elected();

        void deposed();
    }

    /** Starts taking part in the election; {@code listener} hears every change from now on. */
    void start(Listener listener);

    boolean isLeader();

    /** Leaves the election (giving the leadership up, if held); the listener hears {@code deposed} if it was leader. */
    @Override
    void close();
}
