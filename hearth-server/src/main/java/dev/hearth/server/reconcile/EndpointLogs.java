package dev.hearth.server.reconcile;

import dev.hearth.server.endpoint.EndpointId;

/** The last lines of an endpoint's replica logs, newest replica first; empty when it has none. */
public interface EndpointLogs {

    String logs(EndpointId id, int lines);
}
