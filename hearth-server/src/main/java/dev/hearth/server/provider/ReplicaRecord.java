package dev.hearth.server.provider;

import dev.hearth.server.endpoint.EndpointId;

import java.nio.file.Path;
import java.time.Instant;

/**
 * What a provider persists about a replica it started, to find it again after a restart.
 *
 * @param incarnation the endpoint incarnation it was launched for, so that an adopted replica of a deleted endpoint
 *                    is never taken for its re-created namesake's
 */
public record ReplicaRecord(
        String replicaId,
        EndpointId endpoint,
        String incarnation,
        long specVersion,
        long pid,
        int port,
        String healthRoute,
        Path logFile,
        Instant startedAt) {}
