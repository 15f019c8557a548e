package dev.hearth.server.store;

import dev.hearth.server.ServerJson;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hearth.server.endpoint.Desired;
import dev.hearth.server.endpoint.Endpoint;
import dev.hearth.server.endpoint.EndpointId;
import dev.hearth.server.endpoint.EndpointSpec;
import dev.hearth.server.endpoint.EndpointState;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Endpoints in the store. The spec is kept as JSON; state and status as columns. */
public final class EndpointRepository {

    private static final ObjectMapper JSON = ServerJson.MAPPER;

    private final Jdbi jdbi;

    public EndpointRepository(Store store) {
        this.jdbi = store.jdbi();
    }

    /** Inserts a new endpoint; false when the name is already taken in its namespace. */
    public boolean insert(Endpoint e) {
        return jdbi.withHandle(h -> h.createUpdate("""
                        INSERT INTO endpoints (namespace, name, spec, spec_version, desired, serving_spec, serving_version,
                          failed_version, state, message, ready_replicas, target_replicas, created_at, updated_at, created_by)
                        VALUES (:ns, :name, :spec, :version, :desired, :serving, :servingVersion, :failedVersion, :state,
                          :message, :ready, :target, :created, :updated, :createdBy)
                        ON CONFLICT (namespace, name) DO NOTHING""")
                .bindMap(params(e))
                .execute()) == 1;
    }

    /** Replaces the stored endpoint (same id). */
    public void save(Endpoint e) {
        jdbi.useHandle(h -> h.createUpdate("""
                        UPDATE endpoints SET spec = :spec, spec_version = :version, desired = :desired,
                          serving_spec = :serving, serving_version = :servingVersion, failed_version = :failedVersion,
                          state = :state, message = :message, ready_replicas = :ready, target_replicas = :target,
                          updated_at = :updated
                        WHERE namespace = :ns AND name = :name""")
                .bindMap(params(e))
                .execute());
    }

    /**
     * Writes what the reconciler observed, unless the API changed the endpoint's desired state or spec since the
     * reconciler read it ({@code basis}); then nothing is written and the next pass recomputes. This keeps a status
     * computed for the old wish from overwriting the answer the API just gave.
     */
    public boolean saveObserved(Endpoint basis, Endpoint.Status status, EndpointSpec serving, long servingVersion,
                                long failedVersion, Instant now) {
        return jdbi.withHandle(h -> h.createUpdate("""
                        UPDATE endpoints SET state = :state, message = :message, ready_replicas = :ready,
                          target_replicas = :target, serving_spec = :serving, serving_version = :servingVersion,
                          failed_version = :failedVersion, updated_at = :updated
                        WHERE namespace = :ns AND name = :name AND desired = :desired AND spec_version = :version
                          AND failed_version = :basisFailed""")
                .bind("state", status.state().name()).bind("message", status.message())
                .bind("ready", status.readyReplicas()).bind("target", status.targetReplicas())
                .bind("serving", serving == null ? null : write(serving)).bind("servingVersion", servingVersion)
                .bind("failedVersion", failedVersion).bind("updated", now.toString())
                .bind("ns", basis.id().namespace()).bind("name", basis.id().name())
                .bind("desired", basis.desired().name()).bind("version", basis.specVersion())
                .bind("basisFailed", basis.failedVersion())
                .execute()) == 1;
    }

    /** Changes the desired state if it still is {@code expected} (the reconciler's idle and wake decisions). */
    public boolean compareAndSetDesired(EndpointId id, Desired expected, Desired desired, Endpoint.Status status, Instant now) {
        return jdbi.withHandle(h -> h.createUpdate("""
                        UPDATE endpoints SET desired = :desired, state = :state, message = :message,
                          ready_replicas = :ready, target_replicas = :target, updated_at = :updated
                        WHERE namespace = :ns AND name = :name AND desired = :expected""")
                .bind("desired", desired.name()).bind("state", status.state().name()).bind("message", status.message())
                .bind("ready", status.readyReplicas()).bind("target", status.targetReplicas()).bind("updated", now.toString())
                .bind("ns", id.namespace()).bind("name", id.name()).bind("expected", expected.name())
                .execute()) == 1;
    }

    public Optional<Endpoint> find(EndpointId id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM endpoints WHERE namespace = :ns AND name = :name")
                .bind("ns", id.namespace()).bind("name", id.name())
                .map(EndpointRepository::read).findOne());
    }

    public List<Endpoint> list(String namespace) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM endpoints WHERE namespace = :ns ORDER BY created_at, name")
                .bind("ns", namespace).map(EndpointRepository::read).list());
    }

    public List<Endpoint> all() {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM endpoints ORDER BY namespace, name")
                .map(EndpointRepository::read).list());
    }

    public boolean delete(EndpointId id) {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM endpoints WHERE namespace = :ns AND name = :name")
                .bind("ns", id.namespace()).bind("name", id.name()).execute()) == 1;
    }

    private static java.util.Map<String, Object> params(Endpoint e) {
        java.util.Map<String, Object> p = new java.util.HashMap<>();
        p.put("ns", e.id().namespace());
        p.put("name", e.id().name());
        p.put("spec", write(e.spec()));
        p.put("version", e.specVersion());
        p.put("desired", e.desired().name());
        p.put("serving", e.servingSpec() == null ? null : write(e.servingSpec()));
        p.put("servingVersion", e.servingVersion());
        p.put("failedVersion", e.failedVersion());
        p.put("state", e.status().state().name());
        p.put("message", e.status().message());
        p.put("ready", e.status().readyReplicas());
        p.put("target", e.status().targetReplicas());
        p.put("created", e.createdAt().toString());
        p.put("updated", e.updatedAt().toString());
        p.put("createdBy", e.createdBy());
        return p;
    }

    private static Endpoint read(ResultSet rs, StatementContext ctx) throws SQLException {
        String serving = rs.getString("serving_spec");
        return new Endpoint(
                new EndpointId(rs.getString("namespace"), rs.getString("name")),
                parse(rs.getString("spec")),
                rs.getLong("spec_version"),
                Desired.valueOf(rs.getString("desired")),
                serving == null ? null : parse(serving),
                rs.getLong("serving_version"),
                rs.getLong("failed_version"),
                new Endpoint.Status(EndpointState.valueOf(rs.getString("state")), rs.getString("message"),
                        rs.getInt("ready_replicas"), rs.getInt("target_replicas")),
                Instant.parse(rs.getString("created_at")),
                Instant.parse(rs.getString("updated_at")),
                rs.getString("created_by"));
    }

    private static String write(EndpointSpec spec) {
        try {
            return JSON.writeValueAsString(spec);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static EndpointSpec parse(String json) {
        try {
            return JSON.readValue(json, EndpointSpec.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored spec is unreadable: " + e.getMessage(), e);
        }
    }
}
