package dev.hearth.embed.service;

import java.util.concurrent.Semaphore;

/**
 * TEI's {@code max_concurrent_requests}: every <em>input</em> (not request) holds a permit from admission to its
 * answer; with none left it is refused at once with 429, as TEI's {@code try_acquire_permit} does.
 */
public final class Admission {

    private final Semaphore permits;
    private final int max;

    public Admission(int maxConcurrentRequests) {
        this.max = maxConcurrentRequests;
        this.permits = new Semaphore(maxConcurrentRequests);
    }

    /** Takes {@code n} permits or none; throws 429 Overloaded when fewer are free. */
    public void acquire(int n) {
        if (!permits.tryAcquire(n)) throw TeiError.overloaded();
    }

    public void release(int n) {
        permits.release(n);
    }

    public int inFlight() {
        return max - permits.availablePermits();
    }

    public int max() {
        return max;
    }
}
