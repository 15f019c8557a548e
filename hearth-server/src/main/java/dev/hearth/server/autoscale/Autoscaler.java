package dev.hearth.server.autoscale;

import dev.hearth.server.endpoint.EndpointSpec;

import java.time.Duration;
import java.util.Optional;
import java.time.Instant;

/**
 * Decides how many replicas an active endpoint should have, from requests in flight per replica.
 *
 * <p>Scaling up follows load at once. Scaling down waits until the lower number has been wanted for the whole
 * stabilisation window, so a burst's tail does not make replicas flap. An active endpoint never goes below one
 * replica here: going to zero is the separate idle decision of {@link #idleLongEnough}.
 *
 * <p>Holds no state of its own: the hysteresis ({@link Lowering}) is handed in and back, so the caller keeps it
 * with the rest of an endpoint's memory and any instance of the control plane can take the decision.
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

    /** A lower target wanted without a break since {@code since}; the highest of the lower ones asked for meanwhile. */
    public record Lowering(int target, Instant since) {}

    /** @param lowering the hysteresis to hand in next time; null when no lower target is pending */
    public record Target(int replicas, Lowering lowering) {}

    private final Settings settings;

    public Autoscaler(Settings settings) {
        this.settings = settings;
    }

    /**
     * The replica count to aim for.
     *
     * @param current  the count aimed for until now
     * @param lowering what the previous call returned; null at first
     */
    public Target target(EndpointSpec.Scaling scaling, int current, Lowering lowering, int inFlight, Instant now) {
        double perReplica = settings.targetInFlightPerReplica();
        if (scaling.measure() != null && scaling.measure().path("pendingRequests").isNumber()) {
            perReplica = scaling.measure().get("pendingRequests").asDouble();
        }
        int floor = Math.max(1, scaling.minReplica());
        int wanted = Math.max(floor, Math.min(scaling.maxReplica(), (int) Math.ceil(inFlight / perReplica)));
        if (wanted >= current) return new Target(wanted, null);
        Lowering lower = lowering == null || wanted > lowering.target() ? new Lowering(wanted, now) : lowering;
        if (Duration.between(lower.since(), now).compareTo(settings.stabilisation()) >= 0) return new Target(wanted, null);
        return new Target(current, lower);
    }

    /** When an idle endpoint with {@code minReplica = 0} is to be scaled to zero, for the dashboard's countdown. */
    public Optional<Instant> scaleToZeroAt(EndpointSpec.Scaling scaling, Instant lastActivity) {
        if (scaling.minReplica() > 0 || lastActivity == null) return Optional.empty();
        int minutes = scaling.scaleToZeroTimeout() != null ? scaling.scaleToZeroTimeout() : settings.defaultScaleToZero();
        return Optional.of(lastActivity.plus(settings.minute().multipliedBy(minutes)));
    }

    /** True when an endpoint with {@code minReplica = 0} has had no traffic for its scale-to-zero timeout. */
    public boolean idleLongEnough(EndpointSpec.Scaling scaling, int inFlight, Instant lastActivity, Instant now) {
        if (scaling.minReplica() > 0 || inFlight > 0 || lastActivity == null) return false;
        int minutes = scaling.scaleToZeroTimeout() != null ? scaling.scaleToZeroTimeout() : settings.defaultScaleToZero();
        return Duration.between(lastActivity, now).compareTo(settings.minute().multipliedBy(minutes)) >= 0;
    }
}
