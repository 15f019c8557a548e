package dev.hearth.client.inference;

import java.time.Duration;
import java.util.Objects;

/**
 * How {@link InferenceClient} rides out a cold start: a 503 (an endpoint waking from scale-to-zero, or a replica
 * still loading) is retried after the server's {@code Retry-After} (else its {@code estimated_time}, else
 * {@code defaultDelay}), until {@code maxWait} has passed since the first attempt. A 503 for an endpoint that has
 * {@code failed} is not retried: waiting will not fix it.
 *
 * <p>huggingface_hub 0.16–0.28 retried every second for ever; current releases do not retry. The default here,
 * {@link #coldStart()}, retries for up to five minutes.
 *
 * @param maxWait      the total time budget for retries; {@link Duration#ZERO} disables them
 * @param defaultDelay the delay when the server does not say
 */
public record RetryPolicy(Duration maxWait, Duration defaultDelay) {

    public RetryPolicy {
        Objects.requireNonNull(maxWait, "maxWait");
        Objects.requireNonNull(defaultDelay, "defaultDelay");
        if (maxWait.isNegative() || defaultDelay.isNegative()) throw new IllegalArgumentException("negative duration");
    }

    /** No retries: a 503 is thrown at once. */
    public static RetryPolicy none() {
        return new RetryPolicy(Duration.ZERO, Duration.ofSeconds(1));
    }

    /** Retries for up to five minutes, one second apart unless the server says otherwise. */
    public static RetryPolicy coldStart() {
        return upTo(Duration.ofMinutes(5));
    }

    /** Retries until {@code maxWait} has passed. */
    public static RetryPolicy upTo(Duration maxWait) {
        return new RetryPolicy(maxWait, Duration.ofSeconds(1));
    }

    public boolean enabled() {
        return maxWait.isPositive();
    }
}
