package dev.hearth.bench;

/**
 * Waits, for a bounded time, until other processes leave the CPUs (nearly) idle. On a 2-core machine shared
 * with other work, llama.cpp's threads meet at a spinning barrier after every operation, so one thread losing
 * its core stalls both: measuring through a burst of foreign load gives numbers several times too low.
 */
final class QuietGate {

    private final double threshold;
    private final long maxWaitNanos;
    private long waitedNanos;

    QuietGate(double threshold, double maxWaitSeconds) {
        this.threshold = threshold;
        this.maxWaitNanos = (long) (maxWaitSeconds * 1e9);
    }

    /** Returns once a half-second window shows less than the threshold of foreign load, or the wait is used up. */
    void await() throws InterruptedException {
        long start = System.nanoTime();
        while (System.nanoTime() - start < maxWaitNanos) {
            CpuMeter.Sample a = CpuMeter.sample();
            Thread.sleep(500);
            double share = a.backgroundShare(CpuMeter.sample());
            if (Double.isNaN(share) || share < threshold) break;
        }
        waitedNanos += System.nanoTime() - start;
    }

    double waitedSeconds() {
        return waitedNanos / 1e9;
    }
}
