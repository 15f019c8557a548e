package dev.hearth.bench;

/**
 * Waits, for a bounded time, until other processes leave the CPUs (nearly) idle. On a 2-core machine shared
 * with other work, llama.cpp's threads meet at a spinning barrier after every operation, so one thread losing
 * its core stalls both: measuring through a burst of foreign load gives numbers several times too low.
 *
 * <p>Each wait is capped, and so is the waiting over the whole run, which keeps the run's length bounded.
 */
final class QuietGate {

    private final double threshold;
    private final long maxWaitNanos;
    private final long budgetNanos;
    private long waitedNanos;

    /**
     * @param threshold      foreign share of the CPUs below which the machine counts as quiet
     * @param maxWaitSeconds longest single wait
     * @param budgetSeconds  longest total wait over the run
     */
    QuietGate(double threshold, double maxWaitSeconds, double budgetSeconds) {
        this.threshold = threshold;
        this.maxWaitNanos = (long) (maxWaitSeconds * 1e9);
        this.budgetNanos = (long) (budgetSeconds * 1e9);
    }

    /** Returns once a half-second window shows less than the threshold of foreign load, or the wait is used up. */
    void await() throws InterruptedException {
        long start = System.nanoTime();
        long limit = Math.min(maxWaitNanos, budgetNanos - waitedNanos);
        while (System.nanoTime() - start < limit) {
            CpuMeter.Sample a = CpuMeter.sample();
            Thread.sleep(500);
            double share = a.backgroundShare(CpuMeter.sample());
            if (Double.isNaN(share) || share < threshold) break;
        }
        waitedNanos += System.nanoTime() - start;
    }

    /** Whether a measurement taken with {@code share} of foreign load counts as undisturbed. */
    boolean quiet(double share) {
        return Double.isNaN(share) || share < 2 * threshold;
    }

    /** Whether waiting (and so retrying a disturbed measurement) is still allowed. */
    boolean hasBudget() {
        return waitedNanos < budgetNanos;
    }

    double waitedSeconds() {
        return waitedNanos / 1e9;
    }
}
