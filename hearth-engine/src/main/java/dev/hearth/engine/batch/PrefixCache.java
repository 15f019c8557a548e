package dev.hearth.engine.batch;

import dev.hearth.engine.ModelRuntime;

import java.util.Arrays;

/**
 * The cache slots and what each idle one still holds: the prompt cache. A finished sequence leaves its tokens in
 * its slot's KV cache; a new request whose prompt starts with the same tokens takes that slot, keeps the shared
 * prefix and prefills only the rest. Touched only by the scheduler thread.
 *
 * <p>Slot choice ({@link #choose}): the free slot whose held tokens share the longest prefix with the prompt, then
 * the least recently used; on a miss an empty slot first (lowest id, so the ids in use stay dense), then the least
 * recently used one. Taking a slot evicts whatever of its tokens the new request does not share.
 *
 * <p>Reuse must not change a single token of the output, and llama.cpp's results for a position depend, in the last
 * bits, on how the positions were grouped into batches (measured on Q4_0: logits 0.03 apart when a prompt was split
 * at position 127 instead of 128; identical for splits on the chunk grid). So prompts are prefilled on a fixed grid
 * of {@code grid}-token chunks starting at position 0, cached or not (see BatchScheduler.step), only positions that
 * were computed in whole grid chunks are kept, and reuse ends on the grid: the rest of the prompt is then computed in
 * exactly the chunks an uncached run uses. Generated tokens, decoded one per step, are never kept.
 *
 * <p>Invariants:
 * <ul>
 *   <li>At most {@code prompt.length - 1} tokens are reused: the last prompt token is always decoded again, since
 *       its logits are what the first generated token is sampled from. Reuse is a multiple of {@code grid}.</li>
 *   <li>Only free slots are ever trimmed or handed out; a running sequence's cells are never touched. The cache is
 *       split per slot ({@code kv_unified = false}), so what an idle slot holds occupies only that slot's cells and
 *       never competes with a running sequence for room: "memory pressure" here is a request needing a slot, and
 *       it is met by evicting the least recently used prefix.</li>
 *   <li>A slot's record is what its cache holds at positions {@code 0 .. length-1} (it may hold more, which the
 *       next request's trim removes); a slot whose cache state is unknown (a failed step) is cleared and recorded
 *       empty.</li>
 * </ul>
 * Disabled, it clears every slot on release and hands out the lowest free one, as before the cache existed.
 */
final class PrefixCache {

    /** A slot handed to a request, and how many of its prompt tokens the slot already holds. */
    record Lease(int slot, int reused) {}

    private static final int[] EMPTY = new int[0];

    private final ModelRuntime runtime;
    private final boolean enabled;
    private final int grid;
    private final boolean[] busy;
    private final int[][] held;
    private final long[] lastUsed;
    private long clock;
    private int free;

    PrefixCache(ModelRuntime runtime, boolean enabled, int grid) {
        this.runtime = runtime;
        this.enabled = enabled;
        this.grid = grid;
        int n = runtime.maxSequences();
        busy = new boolean[n];
        held = new int[n][];
        Arrays.fill(held, EMPTY);
        lastUsed = new long[n];
        free = n;
        // The records start empty, so the cache must too (a runtime may have served an earlier scheduler).
        for (int slot = 0; slot < n; slot++) runtime.clearSequence(slot);
    }

    boolean hasFreeSlot() {
        return free > 0;
    }

    /**
     * Takes the best free slot for {@code prompt} (see the class comment) and trims its cache to the shared prefix.
     * With {@code reusable} false (the request needs logits at every prompt position), nothing is reused.
     * Requires {@link #hasFreeSlot()}.
     */
    Lease acquire(int[] prompt, boolean reusable) {
        int slot = choose(prompt, reusable);
        busy[slot] = true;
        free--;
        int reused = enabled && reusable ? reusable(held[slot], prompt) : 0;
        // Always cut: the cache may hold more than the record (positions off the grid, generated tokens).
        if (!runtime.trimSequence(slot, reused)) {
            runtime.clearSequence(slot); // the engine cannot cut this cache partially: start over
            reused = 0;
        }
        held[slot] = EMPTY; // while busy, the sequence owns the slot; release records what it leaves
        return new Lease(slot, reused);
    }

    /**
     * A hit is a free slot that shares with the prompt at least half of what it holds (so a shared first token or
     * chat-template header does not evict another conversation); the hit sharing the most wins, the least recently
     * used among equals. Without a hit: the lowest empty slot, else the least recently used one.
     */
    private int choose(int[] prompt, boolean reusable) {
        int hit = -1, hitShared = 0, empty = -1, oldest = -1;
        for (int slot = 0; slot < busy.length; slot++) {
            if (busy[slot]) continue;
            int[] h = held[slot];
            if (h.length == 0) {
                if (empty < 0) empty = slot;
                continue;
            }
            if (oldest < 0 || lastUsed[slot] < lastUsed[oldest]) oldest = slot;
            if (!enabled || !reusable) continue;
            int shared = reusable(h, prompt);
            if (shared == 0 || shared * 2 < h.length) continue;
            if (shared > hitShared || (shared == hitShared && lastUsed[slot] < lastUsed[hit])) {
                hit = slot;
                hitShared = shared;
            }
        }
        if (hit >= 0) return hit;
        if (empty >= 0) return empty;
        if (oldest >= 0) return oldest;
        throw new IllegalStateException("no free slot");
    }

    /**
     * Returns {@code slot}, whose cache holds {@code tokens[0 .. length-1]} at positions {@code 0 .. length-1}, all
     * computed in whole grid chunks, to the free slots; a disabled cache clears it.
     */
    void release(int slot, int[] tokens, int length) {
        if (length % grid != 0) throw new IllegalArgumentException("kept positions off the grid: " + length);
        if (!enabled || length <= 0) {
            clear(slot);
            return;
        }
        held[slot] = Arrays.copyOf(tokens, length);
        lastUsed[slot] = ++clock;
        markFree(slot);
    }

    /** Returns {@code slot} after a failure left its cache in an unknown state: cleared, it holds nothing. */
    void clear(int slot) {
        runtime.clearSequence(slot);
        held[slot] = EMPTY;
        lastUsed[slot] = ++clock;
        markFree(slot);
    }

    private void markFree(int slot) {
        if (!busy[slot]) throw new IllegalStateException("slot " + slot + " released twice");
        busy[slot] = false;
        free++;
    }

    /** Tokens the idle slot holds, for tests. */
    int[] held(int slot) {
        return held[slot].clone();
    }

    /** The shared prefix, but the prompt's last token, down to the grid. */
    private int reusable(int[] held, int[] prompt) {
        int shared = Math.min(commonPrefix(held, prompt), prompt.length - 1);
        return shared - shared % grid;
    }

    static int commonPrefix(int[] a, int[] b) {
        int n = Math.min(a.length, b.length);
        int mismatch = Arrays.mismatch(a, 0, n, b, 0, n);
        return mismatch < 0 ? n : mismatch;
    }
}
