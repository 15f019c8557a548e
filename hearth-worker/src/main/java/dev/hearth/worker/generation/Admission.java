package dev.hearth.worker.generation;

import dev.hearth.api.ApiException;

import java.util.concurrent.Semaphore;

/**
 * TGI's concurrency limit: a request holds a permit from arrival to its last byte; with none left it is refused at
 * once with 429 (TGI does not queue beyond its permits).
 */
public final class Admission {

    private final Semaphore permits;
    private final int max;

    public Admission(int maxConcurrentRequests) {
        this.max = maxConcurrentRequests;
        this.permits = new Semaphore(maxConcurrentRequests);
    }

    /** A held permit; closing it returns the permit. Close exactly once. */
    public interface Permit extends AutoCloseable {
        @Override
        void close();
    }

    public Permit acquire() {
        if (!permits.tryAcquire()) throw overloaded();
        return permits::release;
    }

    public int inFlight() {
        return max - permits.availablePermits();
    }

    public static ApiException overloaded() {
        return new ApiException(429, "overloaded", "Model is overloaded");
    }
}
