package dev.hearth.server.store;

import dev.hearth.server.endpoint.EndpointId;
import org.jdbi.v3.core.Jdbi;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Each endpoint's measured cold start (launch to ready of its latest replica), which the scaling schedule pre-warms
 * by. One row per endpoint name, valid only for the incarnation that measured it.
 */
public final class ColdStartRepository {

    private final Jdbi jdbi;

    public ColdStartRepository(Store store) {
        this.jdbi = store.jdbi();
    }

    /** The last measurement of this incarnation of {@code id}; empty before its first replica became ready. */
    public Optional<Duration> find(EndpointId id, String incarnation) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT cold_start_ms FROM endpoint_cold_starts
                        WHERE namespace = :ns AND name = :name AND incarnation = :incarnation""")
                .bind("ns", id.namespace()).bind("name", id.name()).bind("incarnation", incarnation)
                .mapTo(Long.class).findOne().map(Duration::ofMillis));
    }

    /** Replaces what was measured before for {@code id} (of any incarnation). */
    public void record(EndpointId id, String incarnation, Duration coldStart, Instant at) {
        jdbi.useHandle(h -> h.createUpdate("""
                        INSERT INTO endpoint_cold_starts (namespace, name, incarnation, cold_start_ms, measured_at)
                        VALUES (:ns, :name, :incarnation, :ms, :at)
                        ON CONFLICT (namespace, name) DO UPDATE SET incarnation = excluded.incarnation,
                          cold_start_ms = excluded.cold_start_ms, measured_at = excluded.measured_at""")
                .bind("ns", id.namespace()).bind("name", id.name()).bind("incarnation", incarnation)
                .bind("ms", coldStart.toMillis()).bind("at", at.toString()).execute());
    }

    /** Forgets a deleted endpoint's measurement. */
    public void forget(EndpointId id) {
        jdbi.useHandle(h -> h.createUpdate("DELETE FROM endpoint_cold_starts WHERE namespace = :ns AND name = :name")
                .bind("ns", id.namespace()).bind("name", id.name()).execute());
    }
}
