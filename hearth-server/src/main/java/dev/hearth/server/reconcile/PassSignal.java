package dev.hearth.server.reconcile;

import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * "Something changed, reconcile now": raised by the API, by replica health changes and by the gateway, awaited by
 * the reconciler between passes. Its own object so that the provider, which raises it, and the reconciler, which
 * waits on it, can each be built without the other.
 *
 * <p>A raise is never lost: one that comes during a pass makes the next wait return at once.
 */
public final class PassSignal {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private boolean raised;

    public void raise() {
        lock.lock();
        try {
            raised = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Returns when raised since the last return, or after {@code timeout}. */
    void await(Duration timeout) throws InterruptedException {
        lock.lock();
        try {
            if (!raised) changed.awaitNanos(timeout.toNanos());
            raised = false;
        } finally {
            lock.unlock();
        }
    }
}
