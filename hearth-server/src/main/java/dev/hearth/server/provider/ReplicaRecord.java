package dev.hearth.server.provider;

import dev.hearth.server.endpoint.EndpointId;

import java.nio.file.Path;
import java.time.Instant;

/** What a provider persists about a replica it started, to find it again after a restart. */
public record ReplicaRecord(
        String replicaId,
        EndpointId endpoint,
        long specVersion,
        long pid,
        int port,
        String healthRoute,
        Path logFile,
        Instant startedAt) {}
