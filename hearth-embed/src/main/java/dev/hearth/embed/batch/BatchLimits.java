package dev.hearth.embed.batch;

import java.util.List;

/**
 * How much goes into one encoder call: TEI's padded-model rule.
 *
 * @param maxBatchTokens   padded tokens per call: longest row × rows must stay within it
 * @param maxBatchRequests rows per call
 */
public record BatchLimits(int maxBatchTokens, int maxBatchRequests) {

    public BatchLimits {
        if (maxBatchTokens < 1 || maxBatchRequests < 1) throw new IllegalArgumentException("limits must be positive");
    }

    /**
     * How many jobs from the head of {@code waiting} (in arrival order) form the next batch. Always at least one when
     * any wait, so a job longer than the token budget still runs, alone; arrival order is kept so nobody starves.
     */
    public int take(List<Integer> waitingLengths) {
        int taken = 0, longest = 0;
        for (int length : waitingLengths) {
            int next = Math.max(longest, length);
            if (taken > 0 && ((long) next * (taken + 1) > maxBatchTokens || taken == maxBatchRequests)) break;
            longest = next;
            taken++;
        }
        return taken;
    }
}
