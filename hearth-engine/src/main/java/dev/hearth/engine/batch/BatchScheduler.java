package dev.hearth.engine.batch;

import dev.hearth.engine.ModelRuntime;
import dev.hearth.engine.constraint.ConstraintDeadEndException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Continuous batching: one thread owns the model runtime and, step after step, puts the active sequences of all
 * requests into a single decode call.
 *
 * <p>Each step holds one token for every generating sequence, then prompt chunks of sequences still prefilling,
 * up to the batch capacity; while anything is generating, prefill takes at most {@code prefillBudget} tokens per
 * step, so one long prompt delays the others' next token by one bounded step instead of its whole length.
 * New requests join at any step boundary; finished or cancelled ones leave at the next and free their cache slot.
 * Every sequence keeps its own sampler and positions, so its tokens do not depend on what shares its batch.
 * Slots, and the prompt prefixes idle slots still hold, are {@link PrefixCache}'s: a prompt that starts like one
 * of them is prefilled only from where they differ.
 */
public final class BatchScheduler implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(BatchScheduler.class);

    private record Pending(GenerationRequest request, Generation handle, long submittedAt) {}

    private final ModelRuntime runtime;
    private final int prefillBudget;
    /** Prompts are fed in chunks of this grid, from position 0, so that a cached prefix ends on a chunk boundary. */
    private final int grid;
    private final SchedulerListener listener;
    private final ConcurrentLinkedQueue<Pending> submitted = new ConcurrentLinkedQueue<>();
    private final ArrayDeque<Pending> waiting = new ArrayDeque<>();
    /** Kept in slot order: see {@link #step}. */
    private final List<Sequence> active = new ArrayList<>();
    private final PrefixCache slots;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition work = lock.newCondition();
    private final Thread thread;
    private volatile boolean running = true;

    // Step buffers, sized to the batch capacity once.
    private final int[] token, pos, seq;
    private final boolean[] wantLogits;
    private final Sequence[] owner;
    private final int[] promptIndex;
    private final float[] logits;

    public BatchScheduler(ModelRuntime runtime, int prefillBudget, SchedulerListener listener) {
        this(runtime, prefillBudget, listener, true);
    }

    /** With {@code prefixCache} false, every prompt is prefilled from its first token. */
    public BatchScheduler(ModelRuntime runtime, int prefillBudget, SchedulerListener listener, boolean prefixCache) {
        this.runtime = runtime;
        this.prefillBudget = Math.max(1, prefillBudget);
        this.listener = listener;
        this.grid = Math.min(this.prefillBudget, runtime.batchCapacity());
        this.slots = new PrefixCache(runtime, prefixCache, grid);
        int n = runtime.batchCapacity();
        token = new int[n];
        pos = new int[n];
        seq = new int[n];
        wantLogits = new boolean[n];
        owner = new Sequence[n];
        promptIndex = new int[n];
        logits = new float[runtime.tokenizer().vocabSize()];
        thread = Thread.ofPlatform().name("hearth-scheduler").daemon(true).start(this::run);
    }

    /** Queues a sequence; it joins the batch at the next step with a free slot. Never blocks. */
    public Generation submit(GenerationRequest request) {
        if (!running) throw new IllegalStateException("scheduler closed");
        if (request.prompt().length >= runtime.contextPerSequence()) {
            throw new IllegalArgumentException("prompt of " + request.prompt().length
                    + " tokens does not fit a sequence context of " + runtime.contextPerSequence());
        }
        Generation handle = new Generation(this::wake);
        submitted.add(new Pending(request, handle, System.nanoTime()));
        wake();
        return handle;
    }

    private void wake() {
        lock.lock();
        try {
            work.signal();
        } finally {
            lock.unlock();
        }
    }

    private void run() {
        while (running) {
            try {
                drainSubmitted();
                dropCancelled();
                admit();
                listener.onOccupancy(waiting.size(), active.size());
                if (active.isEmpty()) {
                    awaitWork();
                    continue;
                }
                step();
            } catch (Throwable t) {
                // The loop must outlive any one failure: fail what was active, keep serving new requests.
                log.error("scheduler step failed", t);
                for (Sequence s : List.copyOf(active)) fail(s, new GenerationEvent.Failed(String.valueOf(t.getMessage()), false));
            }
        }
        for (Sequence s : List.copyOf(active)) finish(s, new GenerationEvent.Failed("server shutting down", false));
        for (Pending p : waiting) p.handle().emit(new GenerationEvent.Failed("server shutting down", false));
    }

    private void awaitWork() throws InterruptedException {
        lock.lock();
        try {
            while (running && submitted.isEmpty()) work.await();
        } finally {
            lock.unlock();
        }
    }

    private void drainSubmitted() {
        for (Pending p; (p = submitted.poll()) != null; ) waiting.add(p);
    }

    private void dropCancelled() {
        waiting.removeIf(p -> {
            if (!p.handle().isCancelled()) return false;
            p.handle().emit(new GenerationEvent.Failed("cancelled", true));
            return true;
        });
        for (Sequence s : List.copyOf(active)) {
            if (s.handle.isCancelled()) finish(s, new GenerationEvent.Failed("cancelled", true));
        }
    }

    private void admit() {
        boolean added = false;
        while (!waiting.isEmpty() && slots.hasFreeSlot()) {
            Pending p = waiting.poll();
            GenerationRequest r = p.request();
            // Prompt logprobs need logits at every prompt position, so such a request reuses nothing.
            PrefixCache.Lease lease = slots.acquire(r.prompt(), !r.promptLogprobs());
            active.add(new Sequence(r, p.handle(), lease, p.submittedAt(), runtime.tokenizer()));
            listener.onAdmit(r.prompt().length, lease.reused());
            added = true;
        }
        if (added) active.sort(Comparator.comparingInt(s -> s.slot));
    }

    /**
     * Builds one batch (a token of every generating sequence, chunks of waiting prompts), runs it, and samples where
     * logits came back.
     *
     * <p>Entries go in increasing slot order, and empty slots are handed out lowest first: with a cache split per sequence,
     * llama.cpp runs a batch as one pass over the weights only while its sequence ids come in increasing, dense
     * order; every break in that order costs another pass (measured: ids 0..7 took 60 ms a step, the same ids
     * shuffled 136 ms, on the 1.1B Q4_0 shape).
     */
    private void step() {
        int capacity = runtime.batchCapacity();
        int decodes = (int) active.stream().filter(s -> !s.prefilling()).count();
        // Room for every generating sequence's token is reserved first; prompts share what is left.
        int budget = decodes > 0 ? Math.min(prefillBudget, capacity - decodes) : capacity;
        int n = 0;
        for (Sequence s : active) {
            if (!s.prefilling()) {
                n = add(n, s, s.lastToken, s.cached, true, -1);
                continue;
            }
            if (budget <= 0) continue;
            // At most up to the next grid boundary: the same chunks whether a prefix came from the cache or not.
            int chunk = Math.min(Math.min(budget, s.promptRemaining()), grid - s.cached % grid);
            // A whole grid chunk extends what the prompt cache may keep (if this step fails, the slot is cleared).
            if (chunk == grid && s.onGrid == s.cached) s.onGrid += grid;
            int[] prompt = s.request.prompt();
            for (int i = 0; i < chunk; i++) {
                int p = s.cached + i;
                boolean last = p == prompt.length - 1;
                n = add(n, s, prompt[p], p, last || s.request.promptLogprobs(), last ? -1 : p);
            }
            budget -= chunk;
        }

        long started = System.nanoTime();
        int sequences = countSequences(n);
        try {
            runtime.decode(n, token, pos, seq, wantLogits);
        } catch (RuntimeException e) {
            listener.onStep(sequences, decodes, n - decodes, System.nanoTime() - started, false);
            failStep(n, "Request failed during generation: " + e.getMessage());
            return;
        }
        listener.onStep(sequences, decodes, n - decodes, System.nanoTime() - started, true);

        for (int i = 0; i < n; i++) {
            Sequence s = owner[i];
            s.cached++;
            if (!wantLogits[i]) continue;
            runtime.logits(i, logits);
            if (promptIndex[i] >= 0) {
                s.recordPromptLogprob(promptIndex[i], logits);
                continue;
            }
            try {
                if (s.advance(logits, runtime.contextPerSequence()) != null) finish(s, null);
            } catch (ConstraintDeadEndException e) {
                finish(s, new GenerationEvent.Failed(e.getMessage(), false));
            }
        }
    }

    private int add(int n, Sequence s, int tok, int position, boolean logits, int promptIdx) {
        token[n] = tok;
        pos[n] = position;
        seq[n] = s.slot;
        wantLogits[n] = logits;
        owner[n] = s;
        promptIndex[n] = promptIdx;
        return n + 1;
    }

    private int countSequences(int n) {
        int count = 0;
        Sequence previous = null;
        for (int i = 0; i < n; i++) {
            if (owner[i] != previous) count++;
            previous = owner[i];
        }
        return count;
    }

    private void failStep(int n, String message) {
        for (int i = 0; i < n; i++) {
            Sequence s = owner[i];
            if (active.contains(s)) fail(s, new GenerationEvent.Failed(message, false));
        }
    }

    /**
     * Frees the sequence's slot, which keeps what the sequence left in its cache for the prompt cache; emits
     * {@code last} unless the final token already ended it.
     */
    private void finish(Sequence s, GenerationEvent.Failed last) {
        active.remove(s);
        s.close();
        slots.release(s.slot, s.cachedTokens(), s.onGrid);
        if (last != null) s.handle.emit(last);
    }

    /** Frees the slot of a sequence whose last step failed, clearing its cache, whose state is then unknown. */
    private void fail(Sequence s, GenerationEvent.Failed last) {
        active.remove(s);
        slots.clear(s.slot);
        s.handle.emit(last);
    }

    /** Active plus waiting sequences. */
    public int load() {
        return active.size() + waiting.size() + submitted.size();
    }

    @Override
    public void close() {
        running = false;
        wake();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
