package dev.hearth.server.store;

import org.jdbi.v3.core.Jdbi;

import java.time.Instant;
import java.util.Optional;

/**
 * The leader's routing table as the other instances read it: one row, its version bumped by every publication, so a
 * follower's poll costs one tiny query unless something changed.
 */
public final class RoutingRepository {

    /** A publication: its version and its routes' JSON. */
    public record Published(long version, String routes, String leader) {}

    private final Jdbi jdbi;

    public RoutingRepository(Store store) {
        this.jdbi = store.jdbi();
    }

    public void publish(String routes, String leader, Instant now) {
        jdbi.useHandle(h -> h.createUpdate("""
                        INSERT INTO routing (id, version, routes, leader, updated_at) VALUES (1, 1, :routes, :leader, :at)
                        ON CONFLICT (id) DO UPDATE SET version = routing.version + 1, routes = excluded.routes,
                          leader = excluded.leader, updated_at = excluded.updated_at""")
                .bind("routes", routes).bind("leader", leader).bind("at", now.toString()).execute());
    }

    /** The version of the latest publication; 0 when there was none. */
    public long version() {
        return jdbi.withHandle(h -> h.createQuery("SELECT version FROM routing WHERE id = 1").mapTo(Long.class)
                .findOne().orElse(0L));
    }

    public Optional<Published> latest() {
        return jdbi.withHandle(h -> h.createQuery("SELECT version, routes, leader FROM routing WHERE id = 1")
                .map((rs, ctx) -> new Published(rs.getLong(1), rs.getString(2), rs.getString(3))).findOne());
    }
}
