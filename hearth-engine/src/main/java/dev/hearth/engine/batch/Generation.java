package dev.hearth.engine.batch;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The consumer's handle on a submitted sequence: events arrive on an unbounded queue, so the scheduler never waits
 * for a slow client; {@link #cancel} frees the sequence at the start of the next decode step.
 */
public final class Generation {

    private final BlockingQueue<GenerationEvent> events = new LinkedBlockingQueue<>();
    private volatile boolean cancelled;
    private final Runnable wake;

    Generation(Runnable wake) {
        this.wake = wake;
    }

    /** The next event, waiting at most {@code timeout}; null on timeout. */
    public GenerationEvent next(Duration timeout) throws InterruptedException {
        return events.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Stops the generation; the scheduler drops it within one decode step and frees its cache. Idempotent. */
    public void cancel() {
        if (!cancelled) {
            cancelled = true;
            wake.run();
        }
    }

    public boolean isCancelled() {
        return cancelled;
    }

    void emit(GenerationEvent event) {
        events.add(event);
    }
}
