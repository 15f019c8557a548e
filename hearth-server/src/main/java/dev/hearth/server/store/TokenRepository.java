package dev.hearth.server.store;

import org.jdbi.v3.core.Jdbi;

import java.time.Instant;
import java.util.Optional;

/** Token hashes with the namespace they grant. */
public final class TokenRepository {

    public record TokenRow(String hash, String namespace, boolean admin, String label) {}

    private final Jdbi jdbi;

    public TokenRepository(Store store) {
        this.jdbi = store.jdbi();
    }

    public void insert(String hash, String namespace, boolean admin, String label) {
        jdbi.useHandle(h -> h.createUpdate("""
                        INSERT INTO tokens (hash, namespace, admin, label, created_at) VALUES (:hash, :ns, :admin, :label, :at)
                        ON CONFLICT (hash) DO UPDATE SET namespace = :ns, admin = :admin, label = :label""")
                .bind("hash", hash).bind("ns", namespace).bind("admin", admin ? 1 : 0).bind("label", label)
                .bind("at", Instant.now().toString()).execute());
    }

    public Optional<TokenRow> find(String hash) {
        return jdbi.withHandle(h -> h.createQuery("SELECT hash, namespace, admin, label FROM tokens WHERE hash = :hash")
                .bind("hash", hash)
                .map((rs, ctx) -> new TokenRow(rs.getString(1), rs.getString(2), rs.getInt(3) == 1, rs.getString(4)))
                .findOne());
    }

    public boolean anyAdmin() {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM tokens WHERE admin = 1").mapTo(Integer.class).one()) > 0;
    }
}
