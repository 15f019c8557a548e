package dev.hearth.server.connections;

import dev.hearth.server.store.SecretBox;
import dev.hearth.server.store.Store;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.statement.Update;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Connections in SQLite. The key is sealed by {@link SecretBox} before it reaches a statement and opened only when a
 * row is read, so the database file (and its WAL) never holds it in clear; {@code key_hint} is what answers show.
 */
public final class ConnectionRepository {

    private static final String COLUMNS = "namespace, name, kind, kind_given, endpoint, model_name, context_window, "
            + "api_key, task, served_model, max_total_tokens, state, last_error, checked_at, created_at, updated_at, created_by, "
            + "prompt_builder";

    private final Jdbi jdbi;
    private final SecretBox box;

    public ConnectionRepository(Store store, SecretBox box) {
        this.jdbi = store.jdbi();
        this.box = box;
    }

    /** Inserts a new connection; false when its name is taken in its namespace. */
    public boolean insert(Connection c) {
        return jdbi.withHandle(h -> bind(h.createUpdate("INSERT INTO connections (" + COLUMNS + ", key_hint) VALUES "
                + "(:ns, :name, :kind, :kindGiven, :endpoint, :model, :ctx, :key, :task, :served, :max, :state, :error, "
                + ":checked, :created, :updated, :by, :builder, :hint) ON CONFLICT (namespace, name) DO NOTHING"), c).execute()) == 1;
    }

    /** Replaces the stored row of {@code c}'s name; false when there is none. */
    public boolean update(Connection c) {
        return jdbi.withHandle(h -> bind(h.createUpdate("""
                UPDATE connections SET kind = :kind, kind_given = :kindGiven, endpoint = :endpoint, model_name = :model,
                  context_window = :ctx, api_key = :key, key_hint = :hint, task = :task, served_model = :served,
                  max_total_tokens = :max, state = :state, last_error = :error, checked_at = :checked,
                  updated_at = :updated, prompt_builder = :builder WHERE namespace = :ns AND name = :name"""), c).execute()) == 1;
    }

    public Optional<Connection> find(String namespace, String name) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM connections WHERE namespace = :ns AND name = :name")
                .bind("ns", namespace).bind("name", name).map(this::read).findOne());
    }

    public List<Connection> list(String namespace) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM connections WHERE namespace = :ns ORDER BY name")
                .bind("ns", namespace).map(this::read).list());
    }

    public List<Connection> all() {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM connections ORDER BY namespace, name")
                .map(this::read).list());
    }

    /**
     * Seals under the current key every API key that is not already (sealed under a previous key, after a rotation);
     * opens every key too, so a server whose keys cannot fails at start. Returns how many were rewritten.
     */
    public int resealKeys() {
        return jdbi.inTransaction(h -> {
            List<String[]> rows = h.createQuery("SELECT namespace, name, api_key FROM connections WHERE api_key IS NOT NULL")
                    .map((rs, ctx) -> new String[]{rs.getString(1), rs.getString(2), rs.getString(3)}).list();
            int rewritten = 0;
            for (String[] row : rows) {
                String plain = box.open(row[2]);
                if (box.isCurrent(row[2])) continue;
                h.createUpdate("UPDATE connections SET api_key = :key WHERE namespace = :ns AND name = :name")
                        .bind("key", box.seal(plain)).bind("ns", row[0]).bind("name", row[1]).execute();
                rewritten++;
            }
            return rewritten;
        });
    }

    /** Every API key as stored (sealed): what {@code hearth secrets status} counts. */
    public List<String> storedKeys() {
        return jdbi.withHandle(h -> h.createQuery("SELECT api_key FROM connections WHERE api_key IS NOT NULL")
                .mapTo(String.class).list());
    }

    public boolean delete(String namespace, String name) {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM connections WHERE namespace = :ns AND name = :name")
                .bind("ns", namespace).bind("name", name).execute()) == 1;
    }

    private Update bind(Update u, Connection c) {
        return u.bind("ns", c.namespace()).bind("name", c.name()).bind("kind", c.kind() == null ? null : c.kind().wire())
                .bind("kindGiven", c.kindGiven() ? 1 : 0).bind("endpoint", c.endpoint()).bind("model", c.modelName())
                .bind("ctx", c.contextWindow()).bind("key", c.apiKey() == null ? null : box.seal(c.apiKey()))
                .bind("hint", Connection.hint(c.apiKey())).bind("task", c.task()).bind("served", c.servedModel())
                .bind("max", c.maxTotalTokens()).bind("state", c.state().wire()).bind("error", c.lastError())
                .bind("checked", c.checkedAt().toString()).bind("created", c.createdAt().toString())
                .bind("updated", c.updatedAt().toString()).bind("by", c.createdBy()).bind("builder", c.promptBuilder());
    }

    private Connection read(ResultSet rs, StatementContext ctx) throws SQLException {
        String kind = rs.getString("kind");
        String key = rs.getString("api_key");
        return new Connection(rs.getString("namespace"), rs.getString("name"),
                kind == null ? null : ConnectionKind.valueOf(kind.toUpperCase(java.util.Locale.ROOT)),
                rs.getInt("kind_given") == 1, rs.getString("endpoint"), rs.getString("model_name"),
                integer(rs, "context_window"), key == null ? null : box.open(key), rs.getString("task"),
                rs.getString("served_model"), integer(rs, "max_total_tokens"),
                ConnectionState.of(rs.getString("state")), rs.getString("last_error"),
                Instant.parse(rs.getString("checked_at")), Instant.parse(rs.getString("created_at")),
                Instant.parse(rs.getString("updated_at")), rs.getString("created_by"), rs.getString("prompt_builder"));
    }

    private static Integer integer(ResultSet rs, String column) throws SQLException {
        int v = rs.getInt(column);
        return rs.wasNull() ? null : v;
    }
}
