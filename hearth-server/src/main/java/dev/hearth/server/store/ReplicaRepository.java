package dev.hearth.server.store;

import dev.hearth.server.endpoint.EndpointId;
import dev.hearth.server.provider.ReplicaRecord;
import dev.hearth.server.provider.ReplicaRecords;
import org.jdbi.v3.core.Jdbi;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/** The local provider's replica records, in the same database as the endpoints. */
public final class ReplicaRepository implements ReplicaRecords {

    private final Jdbi jdbi;

    public ReplicaRepository(Store store) {
        this.jdbi = store.jdbi();
    }

    @Override
    public void save(ReplicaRecord r) {
        jdbi.useHandle(h -> h.createUpdate("""
                        INSERT INTO replicas (replica_id, namespace, name, incarnation, spec_version, pid, port,
                          health_route, log_file, started_at)
                        VALUES (:id, :ns, :name, :incarnation, :version, :pid, :port, :health, :log, :started)
                        ON CONFLICT (replica_id) DO UPDATE SET namespace = excluded.namespace, name = excluded.name,
                          incarnation = excluded.incarnation, spec_version = excluded.spec_version, pid = excluded.pid,
                          port = excluded.port, health_route = excluded.health_route, log_file = excluded.log_file,
                          started_at = excluded.started_at""")
                .bind("id", r.replicaId()).bind("ns", r.endpoint().namespace()).bind("name", r.endpoint().name())
                .bind("incarnation", r.incarnation())
                .bind("version", r.specVersion()).bind("pid", r.pid()).bind("port", r.port())
                .bind("health", r.healthRoute()).bind("log", r.logFile().toString()).bind("started", r.startedAt().toString())
                .execute());
    }

    @Override
    public void delete(String replicaId) {
        jdbi.useHandle(h -> h.createUpdate("DELETE FROM replicas WHERE replica_id = :id").bind("id", replicaId).execute());
    }

    @Override
    public List<ReplicaRecord> all() {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM replicas ORDER BY started_at")
                .map((rs, ctx) -> new ReplicaRecord(rs.getString("replica_id"),
                        new EndpointId(rs.getString("namespace"), rs.getString("name")), rs.getString("incarnation"),
                        rs.getLong("spec_version"),
                        rs.getLong("pid"), rs.getInt("port"), rs.getString("health_route"), Path.of(rs.getString("log_file")),
                        Instant.parse(rs.getString("started_at"))))
                .list());
    }
}
