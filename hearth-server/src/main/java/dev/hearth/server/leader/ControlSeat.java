package dev.hearth.server.leader;

import dev.hearth.server.endpoint.EndpointId;
import dev.hearth.server.gateway.Route;
import dev.hearth.server.gateway.RoutingTable;
import dev.hearth.server.provider.ReplicaProvider;
import dev.hearth.server.provider.ReplicaRecord;
import dev.hearth.server.provider.ReplicaRecords;
import dev.hearth.server.provider.local.LogTail;
import dev.hearth.server.reconcile.EndpointLogs;
import dev.hearth.server.reconcile.ReplicaLog;
import dev.hearth.server.reconcile.Reconciler;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What this instance's gateway and API see of the reconciler, whichever instance runs it. While this instance leads,
 * its own reconciler and provider do (built on election: the provider's recover() adopts the replicas the previous
 * leader left running); otherwise the leader's published routes do ({@link SharedRoutes}), wakes go through the
 * store, and replica logs are read from the files the shared home holds.
 *
 * <p>On deposition the reconciler stops and the provider stops watching, but no replica is stopped: they keep
 * serving and the next leader adopts them.
 */
public final class ControlSeat implements RoutingTable, EndpointLogs, Leadership.Listener, AutoCloseable {

    /** The leader's part: a started reconciler over its provider. */
    public record Duties(Reconciler reconciler, ReplicaProvider provider) implements AutoCloseable {
        @Override
        public void close() {
            reconciler.close();
            provider.close();
        }
    }

    private final Supplier<Duties> elect;
    private final RoutingTable followed;
    private final ReplicaRecords records;
    private volatile Duties duties;

    /**
     * @param elect    builds and starts the leader's duties (called on election)
     * @param followed the routes of whoever leads, while this instance does not
     * @param records  the replica records, for logs while following
     */
    public ControlSeat(Supplier<Duties> elect, RoutingTable followed, ReplicaRecords records) {
        this.elect = elect;
        this.followed = followed;
        this.records = records;
    }

    @Override
    public synchronized void elected() {
        if (duties == null) duties = elect.get();
    }

    @Override
    public synchronized void deposed() {
        Duties d = duties;
        duties = null;
        if (d != null) d.close();
    }

    public boolean leading() {
        return duties != null;
    }

    /** The last reconcile pass's duration in seconds while leading; 0 while following. */
    public double lastPassSeconds() {
        Duties d = duties;
        return d == null ? 0 : d.reconciler().lastPass().toNanos() / 1e9;
    }

    @Override
    public Optional<Route> route(EndpointId id) {
        Duties d = duties;
        return d != null ? d.reconciler().route(id) : followed.route(id);
    }

    @Override
    public void wake(EndpointId id) {
        Duties d = duties;
        if (d != null) d.reconciler().wake(id);
        else followed.wake(id);
    }

    /** Asks the leader's reconciler for a pass now; a follower's API writes reach the leader by its next tick. */
    public void nudge() {
        Duties d = duties;
        if (d != null) d.reconciler().nudge();
    }

    @Override
    public String logs(EndpointId id, int lines) {
        Duties d = duties;
        if (d != null) return d.reconciler().logs(id, lines);
        StringBuilder out = new StringBuilder();
        records.all().stream().filter(r -> r.endpoint().equals(id))
                .sorted(Comparator.comparing(ReplicaRecord::startedAt).reversed())
                .forEach(r -> {
                    out.append("==> replica ").append(r.replicaId()).append(" (spec v").append(r.specVersion())
                            .append(") <==\n").append(LogTail.read(r.logFile(), lines));
                    if (out.charAt(out.length() - 1) != '\n') out.append('\n');
                });
        return out.toString();
    }

    /** While following, the replicas the store records, read from the files of the shared home. */
    @Override
    public List<ReplicaLog> replicaLogs(EndpointId id) {
        Duties d = duties;
        if (d != null) return d.reconciler().replicaLogs(id);
        return records.all().stream().filter(r -> r.endpoint().equals(id))
                .sorted(Comparator.comparing(ReplicaRecord::startedAt).reversed())
                .map(r -> new ReplicaLog(r.replicaId(), "spec v" + r.specVersion(), r.logFile(),
                        n -> LogTail.read(r.logFile(), n)))
                .toList();
    }

    @Override
    public void close() {
        deposed();
    }
}
