package dev.hearth.server.autoscale;

import dev.hearth.server.endpoint.EndpointId;

import java.time.Instant;

/** What the autoscaler reads about traffic; the gateway's load tracker provides it. */
public interface LoadView {

    /** Requests in flight to the endpoint's replicas, plus those waiting for a replica. */
    int inFlight(EndpointId id);

    /** When the endpoint last received a request; null if never. */
    Instant lastActivity(EndpointId id);
}
