package dev.hearth.server.store;

import org.jdbi.v3.core.Jdbi;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Token hashes with the namespace they grant, a short random id to list and revoke them by (never derived from the
 * hash, so listing ids leaks nothing about tokens), and whether HEARTH_ADMIN_TOKEN registered them.
 */
public final class TokenRepository {

    /**
     * @param id         12 hex characters, random, unique
     * @param fromEnv    registered from HEARTH_ADMIN_TOKEN (retired by a start whose variable differs)
     * @param lastUsedAt when a request last used it, to the minute; null when never
     */
    public record TokenRow(String id, String hash, String namespace, boolean admin, String label, boolean fromEnv,
                           Instant createdAt, Instant lastUsedAt) {}

    private static final String COLUMNS = "id, hash, namespace, admin, label, from_env, created_at, last_used_at";

    private final Jdbi jdbi;

    public TokenRepository(Store store) {
        this.jdbi = store.jdbi();
    }

    /**
     * Stores a token's hash under {@code id}; a hash already stored (HEARTH_ADMIN_TOKEN at each start) keeps its id
     * and creation time and takes the new grant, label and origin.
     */
    public void insert(String id, String hash, String namespace, boolean admin, String label, boolean fromEnv) {
        jdbi.useHandle(h -> h.createUpdate("""
                        INSERT INTO tokens (id, hash, namespace, admin, label, from_env, created_at)
                        VALUES (:id, :hash, :ns, :admin, :label, :env, :at)
                        ON CONFLICT (hash) DO UPDATE SET namespace = :ns, admin = :admin, label = :label, from_env = :env""")
                .bind("id", id).bind("hash", hash).bind("ns", namespace).bind("admin", admin ? 1 : 0).bind("label", label)
                .bind("env", fromEnv ? 1 : 0).bind("at", Instant.now().toString()).execute());
    }

    public Optional<TokenRow> find(String hash) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM tokens WHERE hash = :hash")
                .bind("hash", hash).map(TokenRepository::read).findOne());
    }

    public Optional<TokenRow> findById(String id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM tokens WHERE id = :id")
                .bind("id", id).map(TokenRepository::read).findOne());
    }

    /** Every token, oldest first. */
    public List<TokenRow> all() {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM tokens ORDER BY created_at, id")
                .map(TokenRepository::read).list());
    }

    /** Deletes the token with {@code id}; false when there is none. */
    public boolean delete(String id) {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM tokens WHERE id = :id").bind("id", id).execute()) == 1;
    }

    /** Deletes the tokens HEARTH_ADMIN_TOKEN registered, except the one with {@code keepHash} (null: keep none). */
    public List<TokenRow> deleteFromEnvExcept(String keepHash) {
        return jdbi.inTransaction(h -> {
            List<TokenRow> retired = h.createQuery("SELECT " + COLUMNS + " FROM tokens WHERE from_env = 1 AND hash IS DISTINCT FROM :keep")
                    .bind("keep", keepHash).map(TokenRepository::read).list();
            h.createUpdate("DELETE FROM tokens WHERE from_env = 1 AND hash IS DISTINCT FROM :keep").bind("keep", keepHash).execute();
            return retired;
        });
    }

    public void touch(String hash, Instant at) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE tokens SET last_used_at = :at WHERE hash = :hash")
                .bind("at", at.toString()).bind("hash", hash).execute());
    }

    public boolean anyAdmin() {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM tokens WHERE admin = 1").mapTo(Integer.class).one()) > 0;
    }

    private static TokenRow read(ResultSet rs, org.jdbi.v3.core.statement.StatementContext ctx) throws SQLException {
        String used = rs.getString("last_used_at");
        return new TokenRow(rs.getString("id"), rs.getString("hash"), rs.getString("namespace"), rs.getInt("admin") == 1,
                rs.getString("label"), rs.getInt("from_env") == 1, Instant.parse(rs.getString("created_at")),
                used == null ? null : Instant.parse(used));
    }
}
