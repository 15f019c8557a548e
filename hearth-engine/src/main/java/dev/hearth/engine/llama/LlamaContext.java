package dev.hearth.engine.llama;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BOOLEAN;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static dev.hearth.engine.llama.LlamaStructs.CONTEXT_PARAMS;
import static dev.hearth.engine.llama.LlamaStructs.offset;

/**
 * A llama.cpp inference context: the KV cache for up to {@code maxSequences} sequences and one reusable batch.
 *
 * <p>Not thread-safe: exactly one thread (the scheduler's) calls {@link #decode}, {@link #logits} and
 * {@link #clearSequence}. The batch arrays live in native memory owned by this object and are rewritten per step.
 */
public final class LlamaContext implements AutoCloseable {

    public record Settings(int contextPerSequence, int maxSequences, int batchSize, int threads) {}

    private final LlamaLibrary lib;
    private final LlamaModel model;
    private final MemorySegment ctx;
    private final MemorySegment memory;
    private final Arena arena = Arena.ofShared();
    private final int batchCapacity;
    private final int contextPerSequence;
    private final MemorySegment batch;
    private final MemorySegment tokens;
    private final MemorySegment positions;
    private final MemorySegment seqCounts;
    private final MemorySegment seqIdPointers;
    private final MemorySegment seqIds;
    private final MemorySegment outputs;
    private boolean closed;

    public LlamaContext(LlamaModel model, Settings settings) {
        this.lib = model.library();
        this.model = model;
        try (Arena scratch = Arena.ofConfined()) {
            MemorySegment p = (MemorySegment) lib.contextDefaultParams.invokeExact((SegmentAllocator) scratch);
            // Each sequence gets its own slice of the cache (kv_unified = false): a split cache keeps attention per
            // sequence, which is faster for independent requests, and it is what makes the prompt cache safe: a
            // prefix kept in an idle slot occupies only that slot's cells, never cells a running sequence needs
            // (see batch.PrefixCache). Prefixes are reused within their slot, never copied across slots.
            long nCtx = (long) settings.contextPerSequence() * settings.maxSequences();
            p.set(JAVA_INT, offset(CONTEXT_PARAMS, "n_ctx"), (int) nCtx);
            p.set(JAVA_INT, offset(CONTEXT_PARAMS, "n_batch"), settings.batchSize());
            p.set(JAVA_INT, offset(CONTEXT_PARAMS, "n_ubatch"), settings.batchSize());
            p.set(JAVA_INT, offset(CONTEXT_PARAMS, "n_seq_max"), settings.maxSequences());
            p.set(JAVA_INT, offset(CONTEXT_PARAMS, "n_threads"), settings.threads());
            p.set(JAVA_INT, offset(CONTEXT_PARAMS, "n_threads_batch"), settings.threads());
            p.set(JAVA_BOOLEAN, offset(CONTEXT_PARAMS, "no_perf"), true);
            p.set(JAVA_BOOLEAN, offset(CONTEXT_PARAMS, "kv_unified"), false);
            this.ctx = (MemorySegment) lib.initFromModel.invokeExact(model.handle(), p);
        } catch (Throwable t) {
            throw new ModelLoadException("creating the llama.cpp context failed: " + t);
        }
        if (ctx.equals(MemorySegment.NULL)) {
            throw new ModelLoadException("llama.cpp could not create a context of " + settings
                    + " (too little memory for the KV cache? lower --max-total-tokens or --max-batch-size)");
        }
        this.memory = LlamaModel.call(() -> (MemorySegment) lib.getMemory.invokeExact(ctx));
        this.batchCapacity = LlamaModel.call(() -> (int) lib.nBatch.invokeExact(ctx));
        this.contextPerSequence = LlamaModel.call(() -> (int) lib.nCtxSeq.invokeExact(ctx));
        int n = batchCapacity;
        this.tokens = arena.allocate(JAVA_INT, n);
        this.positions = arena.allocate(JAVA_INT, n);
        this.seqCounts = arena.allocate(JAVA_INT, n);
        this.seqIds = arena.allocate(JAVA_INT, n);
        this.seqIdPointers = arena.allocate(ADDRESS, n);
        this.outputs = arena.allocate(JAVA_BYTE, n);
        for (int i = 0; i < n; i++) {
            seqCounts.setAtIndex(JAVA_INT, i, 1);
            seqIdPointers.setAtIndex(ADDRESS, i, seqIds.asSlice((long) i * 4, 4));
        }
        this.batch = arena.allocate(LlamaStructs.BATCH);
        batch.set(ADDRESS, offset(LlamaStructs.BATCH, "token"), tokens);
        batch.set(ADDRESS, offset(LlamaStructs.BATCH, "embd"), MemorySegment.NULL);
        batch.set(ADDRESS, offset(LlamaStructs.BATCH, "pos"), positions);
        batch.set(ADDRESS, offset(LlamaStructs.BATCH, "n_seq_id"), seqCounts);
        batch.set(ADDRESS, offset(LlamaStructs.BATCH, "seq_id"), seqIdPointers);
        batch.set(ADDRESS, offset(LlamaStructs.BATCH, "logits"), outputs);
    }

    /** How many tokens one {@link #decode} call accepts. */
    public int batchCapacity() {
        return batchCapacity;
    }

    /** Positions available to each sequence (llama.cpp may round the requested size up). */
    public int contextPerSequence() {
        return contextPerSequence;
    }

    /**
     * Runs the model over {@code count} tokens. Entry i is token {@code token[i]} at position {@code pos[i]} of
     * sequence {@code seq[i]}; logits are kept for entries with {@code wantLogits[i]}.
     *
     * @return llama_decode's status: 0 ok, 1 no room in the KV cache, 2 aborted, negative on error
     */
    public int decode(int count, int[] token, int[] pos, int[] seq, boolean[] wantLogits) {
        if (count > batchCapacity) throw new IllegalArgumentException("batch of " + count + " > capacity " + batchCapacity);
        for (int i = 0; i < count; i++) {
            tokens.setAtIndex(JAVA_INT, i, token[i]);
            positions.setAtIndex(JAVA_INT, i, pos[i]);
            seqIds.setAtIndex(JAVA_INT, i, seq[i]);
            outputs.set(JAVA_BYTE, i, wantLogits[i] ? (byte) 1 : 0);
        }
        batch.set(JAVA_INT, 0, count);
        return LlamaModel.call(() -> (int) lib.decode.invokeExact(ctx, batch));
    }

    /** Copies the logits of batch entry {@code index} of the last decode into {@code dest} (length = vocab size). */
    public void logits(int index, float[] dest) {
        MemorySegment p = LlamaModel.call(() -> (MemorySegment) lib.getLogitsIth.invokeExact(ctx, index));
        if (p.equals(MemorySegment.NULL)) throw new IllegalStateException("no logits for batch entry " + index);
        MemorySegment.copy(p.reinterpret((long) dest.length * 4), JAVA_FLOAT, 0, dest, 0, dest.length);
    }

    /** Forgets everything the cache holds for sequence {@code seq}, so its id can serve a new request. */
    public void clearSequence(int seq) {
        LlamaModel.call(() -> (boolean) lib.memorySeqRm.invokeExact(memory, seq, -1, -1));
    }

    /**
     * Drops what the cache holds for sequence {@code seq} from position {@code keep} on, so that positions
     * {@code 0 .. keep-1} can serve a request that starts with the same tokens.
     *
     * @return false when this model's memory cannot cut a sequence partially (a recurrent model); nothing was
     *         removed then
     */
    public boolean trimSequence(int seq, int keep) {
        return LlamaModel.call(() -> (boolean) lib.memorySeqRm.invokeExact(memory, seq, keep, -1));
    }

    /** How many positions sequence {@code seq} holds in the cache (its largest position plus one; 0 when empty). */
    public int cachedPositions(int seq) {
        return LlamaModel.call(() -> (int) lib.memorySeqPosMax.invokeExact(memory, seq)) + 1;
    }

    public LlamaModel model() {
        return model;
    }

    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        LlamaModel.call(() -> {
            lib.free.invokeExact(ctx);
            return null;
        });
        arena.close();
    }

}
