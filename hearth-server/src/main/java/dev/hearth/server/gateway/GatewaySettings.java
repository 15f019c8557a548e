package dev.hearth.server.gateway;

import java.time.Duration;

/**
 * The gateway's knobs.
 *
 * @param maxRequestBytes          largest request body the gateway reads (and replays to a replica); larger gets 413
 * @param maxWaitingPerEndpoint    size of each endpoint's cold-start buffer: requests waiting for a ready replica
 * @param scaleUpTimeout           how long a request waits for a ready replica unless {@code X-Scale-Up-Timeout} says
 * @param maxScaleUpTimeout        the most an {@code X-Scale-Up-Timeout} header may ask for (larger is clamped)
 * @param pollInterval             how often a waiting request looks at the routing table again
 * @param wakeInterval             least time between two wake signals for one endpoint (the first is sent at once)
 * @param connectTimeout           to open a connection to a replica
 * @param defaultColdStartEstimate {@code estimated_time} before any cold start of this installation has been timed
 * @param unreachableCooldown      how long a replica that refused a connection is passed over while others are ready
 */
public record GatewaySettings(
        long maxRequestBytes,
        int maxWaitingPerEndpoint,
        Duration scaleUpTimeout,
        Duration maxScaleUpTimeout,
        Duration pollInterval,
        Duration wakeInterval,
        Duration connectTimeout,
        Duration defaultColdStartEstimate,
        Duration unreachableCooldown) {

    /** TGI's default payload limit (2 MB) plus room for the JSON around it. */
    public static final long DEFAULT_MAX_REQUEST_BYTES = 2_000_000 + 64 * 1024;

    public GatewaySettings {
        if (maxRequestBytes < 0 || maxRequestBytes >= Integer.MAX_VALUE) {
            throw new IllegalArgumentException("maxRequestBytes must be in [0, 2^31 - 1): " + maxRequestBytes);
        }
        if (maxWaitingPerEndpoint < 0) throw new IllegalArgumentException("maxWaitingPerEndpoint must be ≥ 0");
        for (Duration d : new Duration[]{scaleUpTimeout, maxScaleUpTimeout, pollInterval, wakeInterval, connectTimeout,
                defaultColdStartEstimate, unreachableCooldown}) {
            if (d == null || d.isNegative()) throw new IllegalArgumentException("durations must be ≥ 0: " + d);
        }
        if (pollInterval.isZero()) throw new IllegalArgumentException("pollInterval must be > 0");
    }

    public static GatewaySettings defaults() {
        return new GatewaySettings(DEFAULT_MAX_REQUEST_BYTES, 256, Duration.ofSeconds(300), Duration.ofHours(1),
                Duration.ofMillis(20), Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofSeconds(5));
    }

    public GatewaySettings withMaxRequestBytes(long bytes) {
        return new GatewaySettings(bytes, maxWaitingPerEndpoint, scaleUpTimeout, maxScaleUpTimeout, pollInterval,
                wakeInterval, connectTimeout, defaultColdStartEstimate, unreachableCooldown);
    }

    public GatewaySettings withMaxWaitingPerEndpoint(int max) {
        return new GatewaySettings(maxRequestBytes, max, scaleUpTimeout, maxScaleUpTimeout, pollInterval,
                wakeInterval, connectTimeout, defaultColdStartEstimate, unreachableCooldown);
    }

    public GatewaySettings withScaleUpTimeout(Duration timeout) {
        return new GatewaySettings(maxRequestBytes, maxWaitingPerEndpoint, timeout, maxScaleUpTimeout, pollInterval,
                wakeInterval, connectTimeout, defaultColdStartEstimate, unreachableCooldown);
    }

    public GatewaySettings withDefaultColdStartEstimate(Duration estimate) {
        return new GatewaySettings(maxRequestBytes, maxWaitingPerEndpoint, scaleUpTimeout, maxScaleUpTimeout,
                pollInterval, wakeInterval, connectTimeout, estimate, unreachableCooldown);
    }
}
