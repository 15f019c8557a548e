package dev.hearth.server.gateway;

import dev.hearth.server.endpoint.EndpointId;

import java.util.Optional;

/** The gateway's view of the endpoints, kept current by the reconciler. Thread-safe. */
public interface RoutingTable {

    /** The endpoint's route; empty when there is no such endpoint. */
    Optional<Route> route(EndpointId id);

    /**
     * Asks for at least one replica of a scaled-to-zero (or still starting) endpoint, right now: the cold-start
     * signal goes straight to the autoscaler, not through a periodic tick. Idempotent and cheap.
     */
    void wake(EndpointId id);
}
