package dev.hearth.server.store;

import dev.hearth.server.endpoint.EndpointId;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;

import java.time.Instant;
import java.util.List;

/** Each instance's gateway load per endpoint, as last reported, for the leader's autoscaler. */
public final class ActivityRepository {

    /** @param lastActivity null when the instance has seen no request for it */
    public record Row(String instance, EndpointId endpoint, int inFlight, Instant lastActivity) {}

    private final Jdbi jdbi;

    public ActivityRepository(Store store) {
        this.jdbi = store.jdbi();
    }

    /** Replaces what {@code rows}' instance reported before for their endpoints, in one batch. */
    public void report(List<Row> rows, Instant now) {
        if (rows.isEmpty()) return;
        jdbi.useTransaction(h -> {
            PreparedBatch batch = h.prepareBatch("""
                    INSERT INTO activity (instance, namespace, name, in_flight, last_activity, reported_at)
                    VALUES (:instance, :ns, :name, :inFlight, :last, :at)
                    ON CONFLICT (instance, namespace, name) DO UPDATE SET in_flight = excluded.in_flight,
                      last_activity = excluded.last_activity, reported_at = excluded.reported_at""");
            for (Row r : rows) {
                batch.bind("instance", r.instance()).bind("ns", r.endpoint().namespace()).bind("name", r.endpoint().name())
                        .bind("inFlight", r.inFlight())
                        .bind("last", r.lastActivity() == null ? null : r.lastActivity().toString())
                        .bind("at", now.toString()).add();
            }
            batch.execute();
        });
    }

    /** What instances other than {@code instance} reported since {@code since} (older reports are of dead ones). */
    public List<Row> others(String instance, Instant since) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT instance, namespace, name, in_flight, last_activity FROM activity
                        WHERE instance <> :instance AND reported_at >= :since""")
                .bind("instance", instance).bind("since", since.toString())
                .map((rs, ctx) -> {
                    String last = rs.getString("last_activity");
                    return new Row(rs.getString("instance"), new EndpointId(rs.getString("namespace"), rs.getString("name")),
                            rs.getInt("in_flight"), last == null ? null : Instant.parse(last));
                }).list());
    }

    /** Forgets reports older than {@code before}: instances that are gone. */
    public int forgetBefore(Instant before) {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM activity WHERE reported_at < :before")
                .bind("before", before.toString()).execute());
    }
}
