package dev.hearth.server.autoscale;

import dev.hearth.server.endpoint.EndpointId;
import dev.hearth.server.endpoint.EndpointSpec;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Decides how many replicas an active endpoint should have, from requests in flight per replica.
 *
 * <p>Scaling up follows load at once. Scaling down waits until the lower number has been wanted for the whole
 * stabilisation window, so a burst's tail does not make replicas flap. An active endpoint never goes below one
 * replica here: going to zero is the separate idle decision of {@link #idleLongEnough}.
 */
public final class Autoscaler {

    /**
     * @param targetInFlightPerReplica requests in flight one replica should carry; the default when an endpoint sets
     *                                 no {@code measure.pendingRequests}
     * @param stabilisation            how long a lower target must hold before replicas are removed
     * @param minute                   the length of the "minute" of scaleToZeroTimeout (one minute, except in tests)
     * @param defaultScaleToZero       idle minutes before scale-to-zero when the endpoint sets none
     */
    public record Settings(double targetInFlightPerReplica, Duration stabilisation, Duration minute, int defaultScaleToZero) {
        public static Settings defaults() {
            return new Settings(4.0, Duration.ofSeconds(60), Duration.ofMinutes(1), 15);
        }
    }

    private record Lower(int target, Instant since) {}

    private final Settings settings;
    private final Map<EndpointId, Lower> lowering = new ConcurrentHashMap<>();

    public Autoscaler(Settings settings) {
        this.settings = settings;
    }

    /**
     * The replica count to aim for.
     *
     * @param current the count aimed for until now
     */
    public int target(EndpointId id, EndpointSpec.Scaling scaling, int current, int inFlight, Instant now) {
        double perReplica = settings.targetInFlightPerReplica();
        if (scaling.measure() != null && scaling.measure().path("pendingRequests").isNumber()) {
            perReplica = scaling.measure().get("pendingRequests").asDouble();
        }
        int floor = Math.max(1, scaling.minReplica());
        int wanted = Math.max(floor, Math.min(scaling.maxReplica(), (int) Math.ceil(inFlight / perReplica)));
        if (wanted >= current) {
            lowering.remove(id);
            return wanted;
        }
        Lower lower = lowering.compute(id, (k, l) -> l == null || wanted > l.target() ? new Lower(wanted, now) : l);
        if (Duration.between(lower.since(), now).compareTo(settings.stabilisation()) >= 0) {
            lowering.remove(id);
            return wanted;
        }
        return current;
    }

    /** True when an endpoint with {@code minReplica = 0} has had no traffic for its scale-to-zero timeout. */
    public boolean idleLongEnough(EndpointSpec.Scaling scaling, int inFlight, Instant lastActivity, Instant now) {
        if (scaling.minReplica() > 0 || inFlight > 0 || lastActivity == null) return false;
        int minutes = scaling.scaleToZeroTimeout() != null ? scaling.scaleToZeroTimeout() : settings.defaultScaleToZero();
        return Duration.between(lastActivity, now).compareTo(settings.minute().multipliedBy(minutes)) >= 0;
    }

    public void forget(EndpointId id) {
        lowering.remove(id);
    }
}
