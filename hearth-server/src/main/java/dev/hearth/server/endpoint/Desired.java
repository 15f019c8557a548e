package dev.hearth.server.endpoint;

/** What the user last asked the endpoint to be, independent of what it currently is. */
public enum Desired {
    /** Serve, between minReplica and maxReplica replicas. */
    ACTIVE,
    /** No replicas, no URL, until resumed. */
    PAUSED,
    /** No replicas until the next request, which wakes it; the URL stays. */
    SCALED_TO_ZERO
}
