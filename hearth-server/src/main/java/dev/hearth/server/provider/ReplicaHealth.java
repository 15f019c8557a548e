package dev.hearth.server.provider;

/** A replica's observed condition. Transitions: STARTING → READY ⇄ UNHEALTHY, and any → EXITED (final). */
public enum ReplicaHealth {
    /** Process running, health route not yet 200. */
    STARTING,
    /** Health route answers 200. */
    READY,
    /** Was ready, health route stopped answering 200 while the process lives. */
    UNHEALTHY,
    /** The process is gone. */
    EXITED
}
