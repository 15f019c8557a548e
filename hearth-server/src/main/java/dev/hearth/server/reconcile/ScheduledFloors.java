package dev.hearth.server.reconcile;

import dev.hearth.server.autoscale.ScalingSchedule;
import dev.hearth.server.endpoint.Endpoint;
import dev.hearth.server.endpoint.EndpointId;
import dev.hearth.server.endpoint.EndpointSpec;
import dev.hearth.server.provider.Replica;
import dev.hearth.server.store.ColdStartRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The reconciler's part of scaling schedules (docs/schedules.md): each endpoint's measured cold start, taken as its
 * replicas become ready and kept in the store, and the floor its schedule sets at each pass. Runs on the reconciler's
 * thread, on the memory in {@link Tracked}.
 */
final class ScheduledFloors {

    private static final Logger log = LoggerFactory.getLogger(ScheduledFloors.class);

    private final ColdStartRepository coldStarts;

    ScheduledFloors(ColdStartRepository coldStarts) {
        this.coldStarts = coldStarts;
    }

    /**
     * The floor the endpoint's scaling schedule sets now, pre-warmed by its measured cold start (the default before
     * the first measurement); null without a schedule. Also the reason no separate timer is needed: every pass (each
     * tick) asks again, so a window opens within a tick of its instant, request or none.
     */
    Integer floor(Endpoint e, Tracked t, Instant now) {
        EndpointSpec.Scaling scaling = e.spec().compute().scaling();
        if (scaling.schedule() == null) return null;
        if (!scaling.equals(t.scheduleOf)) {
            t.scheduleOf = scaling;
            try {
                t.schedule = ScalingSchedule.of(scaling).orElse(null);
            } catch (IllegalArgumentException ex) {
                // Checked when it was written; a stored one that no longer parses must not stop the endpoint's passes.
                log.warn("endpoint {}: its scaling schedule is ignored: {}", e.id(), ex.getMessage());
                t.schedule = null;
            }
        }
        if (t.schedule == null) return null;
        OptionalInt floor = t.schedule.floorAt(now, coldStart(e, t));
        return floor.isPresent() ? floor.getAsInt() : null;
    }

    /** The pre-warm lead: the last measured cold start of this incarnation, read from the store once. */
    private Duration coldStart(Endpoint e, Tracked t) {
        if (!t.coldStartRead) {
            t.coldStart = coldStarts.find(e.id(), e.incarnation()).orElse(null);
            t.coldStartRead = true;
        }
        return t.coldStart == null ? ScalingSchedule.DEFAULT_COLD_START : t.coldStart;
    }

    /**
     * Takes each replica's launch-to-ready time when it first becomes ready (both instants are the provider's, so the
     * control plane's clock plays no part) and keeps the latest in the store: the model's cold start as it is now
     * (a first start that downloaded the model is slower than the ones after).
     */
    void measureColdStarts(Endpoint e, Tracked t) {
        Set<String> present = new HashSet<>();
        for (Replica r : t.replicas) {
            present.add(r.replicaId());
            if (t.measured.contains(r.replicaId()) || !e.incarnation().equals(r.incarnation())) continue;
            Optional<Instant> ready = r.readyAt();
            if (ready.isEmpty()) continue;
            t.measured.add(r.replicaId());
            Duration took = Duration.between(r.startedAt(), ready.get());
            if (took.isNegative()) continue;
            t.coldStart = took;
            t.coldStartRead = true;
            try {
                coldStarts.record(e.id(), e.incarnation(), took, ready.get());
                log.info("replica {} of {} ready {} ms after launch", r.replicaId(), e.id(), took.toMillis());
            } catch (RuntimeException ex) {
                log.warn("could not store the cold start of {} (kept in memory)", e.id(), ex);
            }
        }
        t.measured.retainAll(present);
    }

    /** A deleted endpoint's measurement goes with it. */
    void forget(EndpointId gone) {
        try {
            coldStarts.forget(gone);
        } catch (RuntimeException ex) {
            log.warn("could not forget the cold start of deleted endpoint {}", gone, ex);
        }
    }
}
