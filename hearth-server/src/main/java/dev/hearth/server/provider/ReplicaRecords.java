package dev.hearth.server.provider;

import java.util.List;

/** Durable storage of {@link ReplicaRecord}s (the control plane's SQLite store implements it). Thread-safe. */
public interface ReplicaRecords {

    void save(ReplicaRecord record);

    void delete(String replicaId);

    List<ReplicaRecord> all();
}
