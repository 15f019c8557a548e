package dev.hearth.server.provider;

/** Told when a replica's health changes, so the reconciler can act at once instead of on its next tick. */
@FunctionalInterface
public interface ReplicaListener {
    void changed(Replica replica);
}
