package dev.hearth.server.it;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock the test sets to any instant, which then runs on at the real rate: the control plane's timeouts and
 * measured durations stay real while the test jumps to the instants a schedule cares about.
 */
final class SettableClock extends Clock {

    private volatile Duration offset = Duration.ZERO;

    /** From now on the clock reads {@code t}, and runs on from there. */
    void set(Instant t) {
        offset = Duration.between(Instant.now(), t);
    }

    @Override
    public Instant instant() {
        return Instant.now().plus(offset);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("the control plane reads instants only");
    }
}
