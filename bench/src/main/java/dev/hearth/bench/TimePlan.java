package dev.hearth.bench;

import java.util.List;

/**
 * Keeps a run within its time budget on a machine whose speed varies several-fold with other work. Each weight
 * type gets a share of the remaining budget in proportion to its cost (bytes read per token); within it, the first
 * pass always runs, a further pass only when one more of the longest pass so far still fits, and disturbed
 * measurements are retried only during the first half of the share.
 */
final class TimePlan {

    private final long deadline;
    private final List<Long> costs;
    private long quantStart;
    private long allotment;

    TimePlan(double minutes, List<Long> costs) {
        this.deadline = System.nanoTime() + (long) (minutes * 60e9);
        this.costs = costs;
    }

    void startQuant(int index) {
        quantStart = System.nanoTime();
        long rest = costs.subList(index, costs.size()).stream().mapToLong(Long::longValue).sum();
        allotment = (long) ((double) Math.max(0, deadline - quantStart) * costs.get(index) / rest);
    }

    boolean anotherPass(long longestPassNanos) {
        return System.nanoTime() - quantStart + longestPassNanos <= allotment;
    }

    boolean canRetry() {
        return System.nanoTime() - quantStart < allotment / 2;
    }
}
