package dev.hearth.server.reconcile;

import dev.hearth.server.endpoint.EndpointId;

import java.util.List;

/** The last lines of an endpoint's replica logs, newest replica first; empty when it has none. */
public interface EndpointLogs {

    String logs(EndpointId id, int lines);

    /** The logs to follow for {@code GET .../logs/stream}, newest replica first; empty when it has none. */
    List<ReplicaLog> replicaLogs(EndpointId id);
}
