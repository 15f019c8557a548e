package dev.hearth.server.provider.local;

import dev.hearth.server.provider.ReplicaRecord;
import dev.hearth.server.provider.ReplicaRecords;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Stands in for the SQLite store; survives "restarts" by being shared between provider instances. */
final class InMemoryRecords implements ReplicaRecords {

    private final Map<String, ReplicaRecord> byId = new ConcurrentHashMap<>();

    @Override
    public void save(ReplicaRecord record) {
        byId.put(record.replicaId(), record);
    }

    @Override
    public void delete(String replicaId) {
        byId.remove(replicaId);
    }

    @Override
    public List<ReplicaRecord> all() {
        return List.copyOf(byId.values());
    }

    Optional<ReplicaRecord> get(String replicaId) {
        return Optional.ofNullable(byId.get(replicaId));
    }
}
