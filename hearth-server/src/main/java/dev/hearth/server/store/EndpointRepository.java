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

/**
 * Endpoints in the store. The spec is kept as JSON; state and status as columns. Every {@code model.secrets} value
 * is sealed by the {@link SecretBox} on the way in and opened on the way out, so the database file never holds one
 * in clear; a legacy plain value is read as is and sealed by the next write (or {@link #resealSecrets}).
 */
public final class EndpointRepository {

    private static final ObjectMapper JSON = ServerJson.MAPPER;

    private final Jdbi jdbi;
    private final SecretBox box;
    /** Who hears of every write that changed a row: the event stream of endpoint changes. */
    private final java.util.List<java.util.function.Consumer<EndpointId>> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    public EndpointRepository(Store store, SecretBox box) {
        this.jdbi = store.jdbi();
        this.box = box;
    }

    /** {@code listener} is told the id of every endpoint a write of this repository changed (it must not block). */
    public void listen(java.util.function.Consumer<EndpointId> listener) {
        listeners.add(listener);
    }

    private boolean told(boolean changed, EndpointId id) {
        if (changed) listeners.forEach(l -> l.accept(id));
        return changed;
    }

    /** Inserts a new endpoint; false when the name is already taken in its namespace. */
    public boolean insert(Endpoint e) {
        return jdbi.withHandle(h -> h.createUpdate("""
                        INSERT INTO endpoints (namespace, name, incarnation, spec, spec_version, desired, serving_spec,
                          serving_version, failed_version, state, message, ready_replicas, target_replicas, created_at,
                          updated_at, created_by, revision)
                        VALUES (:ns, :name, :incarnation, :spec, :version, :desired, :serving, :servingVersion,
                          :failedVersion, :state, :message, :ready, :target, :created, :updated, :createdBy, :revision)
                        ON CONFLICT (namespace, name) DO NOTHING""")
                .bindMap(params(e))
                .execute()) == 1 && told(true, e.id());
    }

    /**
     * Stores {@code next} in place of {@code basis} if the row is still the one {@code basis} was read from (same
     * incarnation, same revision); false when anyone wrote it since (the API of this or another instance, or the
     * reconciler), or it was deleted. The caller reads again and recomputes: a write based on an older read must
     * never overwrite a newer one (a lost update, or a spec the replicas were not launched from).
     */
    public boolean replace(Endpoint basis, Endpoint next) {
        java.util.Map<String, Object> p = params(next);
        p.put("basisIncarnation", basis.incarnation());
        p.put("basisRevision", basis.revision());
        return jdbi.withHandle(h -> h.createUpdate("""
                        UPDATE endpoints SET spec = :spec, spec_version = :version, desired = :desired,
                          serving_spec = :serving, serving_version = :servingVersion, failed_version = :failedVersion,
                          state = :state, message = :message, ready_replicas = :ready, target_replicas = :target,
                          updated_at = :updated, revision = revision + 1
                        WHERE namespace = :ns AND name = :name AND incarnation = :basisIncarnation
                          AND revision = :basisRevision""")
                .bindMap(p)
                .execute()) == 1 && told(true, next.id());
    }

    /**
     * Writes what the reconciler observed, unless the API changed the endpoint's desired state or spec since the
     * reconciler read it ({@code basis}); then nothing is written and the next pass recomputes. This keeps a status
     * computed for the old wish from overwriting the answer the API just gave, and one computed for a deleted
     * incarnation from landing on its re-created namesake.
     */
    public boolean saveObserved(Endpoint basis, Endpoint.Status status, EndpointSpec serving, long servingVersion,
                                long failedVersion, Instant now) {
        return jdbi.withHandle(h -> h.createUpdate("""
                        UPDATE endpoints SET state = :state, message = :message, ready_replicas = :ready,
                          target_replicas = :target, serving_spec = :serving, serving_version = :servingVersion,
                          failed_version = :failedVersion, updated_at = :updated, revision = revision + 1
                        WHERE namespace = :ns AND name = :name AND incarnation = :incarnation AND desired = :desired
                          AND spec_version = :version AND failed_version = :basisFailed""")
                .bind("state", status.state().name()).bind("message", status.message())
                .bind("ready", status.readyReplicas()).bind("target", status.targetReplicas())
                .bind("serving", serving == null ? null : write(serving)).bind("servingVersion", servingVersion)
                .bind("failedVersion", failedVersion).bind("updated", now.toString())
                .bind("ns", basis.id().namespace()).bind("name", basis.id().name())
                .bind("incarnation", basis.incarnation()).bind("desired", basis.desired().name()).bind("version", basis.specVersion())
                .bind("basisFailed", basis.failedVersion())
                .execute()) == 1 && told(true, basis.id());
    }

    /**
     * Changes the desired state if it still is {@code expected} (the reconciler's idle and wake decisions) and, when
     * {@code incarnation} is not null, the endpoint still is that incarnation.
     */
    public boolean compareAndSetDesired(EndpointId id, String incarnation, Desired expected, Desired desired,
                                        Endpoint.Status status, Instant now) {
        return jdbi.withHandle(h -> h.createUpdate("""
                        UPDATE endpoints SET desired = :desired, state = :state, message = :message,
                          ready_replicas = :ready, target_replicas = :target, updated_at = :updated,
                          revision = revision + 1
                        WHERE namespace = :ns AND name = :name AND desired = :expected
                          AND (:incarnation IS NULL OR incarnation = :incarnation)""")
                .bind("desired", desired.name()).bind("state", status.state().name()).bind("message", status.message())
                .bind("ready", status.readyReplicas()).bind("target", status.targetReplicas()).bind("updated", now.toString())
                .bind("ns", id.namespace()).bind("name", id.name()).bind("expected", expected.name())
                .bind("incarnation", incarnation)
                .execute()) == 1 && told(true, id);
    }

    public Optional<Endpoint> find(EndpointId id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM endpoints WHERE namespace = :ns AND name = :name")
                .bind("ns", id.namespace()).bind("name", id.name())
                .map(this::read).findOne());
    }

    public List<Endpoint> list(String namespace) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM endpoints WHERE namespace = :ns ORDER BY created_at, name")
                .bind("ns", namespace).map(this::read).list());
    }

    public List<Endpoint> all() {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM endpoints ORDER BY namespace, name")
                .map(this::read).list());
    }

    /**
     * Each endpoint's incarnation and revision ("incarnation:revision"), which every write to its row changes: a cheap
     * read (no spec is decoded) that tells which endpoints another process wrote since the last one.
     */
    public java.util.Map<EndpointId, String> revisions() {
        return jdbi.withHandle(h -> h.createQuery("SELECT namespace, name, incarnation, revision FROM endpoints")
                .reduceRows(new java.util.HashMap<EndpointId, String>(), (m, row) -> {
                    m.put(new EndpointId(row.getColumn("namespace", String.class), row.getColumn("name", String.class)),
                            row.getColumn("incarnation", String.class) + ":" + row.getColumn("revision", Long.class));
                    return m;
                }));
    }

    /** Deletes the endpoint if it still is the incarnation {@code basis} was read from; false otherwise. */
    public boolean delete(Endpoint basis) {
        return jdbi.withHandle(h -> h.createUpdate("""
                        DELETE FROM endpoints WHERE namespace = :ns AND name = :name AND incarnation = :incarnation""")
                .bind("ns", basis.id().namespace()).bind("name", basis.id().name())
                .bind("incarnation", basis.incarnation()).execute()) == 1 && told(true, basis.id());
    }

    /**
     * Seals under the current key every secret that is not already: values a version before encryption stored in
     * clear, and values sealed under a previous key (after a rotation). Run at start; only the spec columns change,
     * not versions or timestamps. Returns how many endpoints were rewritten. Opens every sealed value too: throws
     * {@link SecretBox.Unreadable} when no key here can, so a server with the wrong key does not start.
     */
    public int resealSecrets() {
        return jdbi.inTransaction(h -> {
            int rewritten = 0;
            List<String[]> rows = h.createQuery("SELECT namespace, name, spec, serving_spec FROM endpoints")
                    .map((rs, ctx) -> new String[]{rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)})
                    .list();
            for (String[] row : rows) {
                String spec = resealed(row[2]);
                String serving = row[3] == null ? null : resealed(row[3]);
                if (spec.equals(row[2]) && java.util.Objects.equals(serving, row[3])) continue;
                h.createUpdate("UPDATE endpoints SET spec = :spec, serving_spec = :serving WHERE namespace = :ns AND name = :name")
                        .bind("spec", spec).bind("serving", serving).bind("ns", row[0]).bind("name", row[1]).execute();
                rewritten++;
            }
            return rewritten;
        });
    }

    /** Every secret as stored (sealed), of every endpoint's spec and serving spec: what {@code hearth secrets status} counts. */
    public List<String> storedSecrets() {
        return jdbi.withHandle(h -> h.createQuery("SELECT spec, serving_spec FROM endpoints")
                .map((rs, ctx) -> new String[]{rs.getString(1), rs.getString(2)}).list()).stream()
                .flatMap(row -> java.util.Arrays.stream(row).filter(java.util.Objects::nonNull))
                .flatMap(json -> {
                    try {
                        EndpointSpec stored = JSON.readValue(json, EndpointSpec.class);
                        return stored.model() == null ? java.util.stream.Stream.<String>empty()
                                : stored.model().secrets().values().stream().filter(java.util.Objects::nonNull);
                    } catch (JsonProcessingException e) {
                        throw new IllegalStateException("stored spec is unreadable: " + e.getMessage(), e);
                    }
                }).toList();
    }

    /** The stored JSON with its secrets sealed under the current key; the same string when every secret already is. */
    private String resealed(String json) {
        EndpointSpec stored;
        try {
            stored = JSON.readValue(json, EndpointSpec.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored spec is unreadable: " + e.getMessage(), e);
        }
        boolean stale = stored.model() != null
                && stored.model().secrets().values().stream().anyMatch(v -> v != null && !box.isCurrent(v));
        EndpointSpec opened = stored.mapSecrets(box::open); // every value, so a wrong key fails the start, not later
        return stale ? write(opened) : json;
    }

    private java.util.Map<String, Object> params(Endpoint e) {
        java.util.Map<String, Object> p = new java.util.HashMap<>();
        p.put("ns", e.id().namespace());
        p.put("name", e.id().name());
        p.put("incarnation", e.incarnation());
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
        p.put("revision", e.revision());
        return p;
    }

    private Endpoint read(ResultSet rs, StatementContext ctx) throws SQLException {
        String serving = rs.getString("serving_spec");
        return new Endpoint(
                new EndpointId(rs.getString("namespace"), rs.getString("name")),
                rs.getString("incarnation"),
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
                rs.getString("created_by"),
                rs.getLong("revision"));
    }

    private String write(EndpointSpec spec) {
        try {
            return JSON.writeValueAsString(spec.mapSecrets(box::seal));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private EndpointSpec parse(String json) {
        try {
            return JSON.readValue(json, EndpointSpec.class).mapSecrets(box::open);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored spec is unreadable: " + e.getMessage(), e);
        }
    }
}
