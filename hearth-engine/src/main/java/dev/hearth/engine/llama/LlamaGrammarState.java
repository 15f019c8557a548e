package dev.hearth.engine.llama;

import dev.hearth.engine.constraint.ConstraintState;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static dev.hearth.engine.llama.LlamaStructs.TOKEN_DATA;
import static dev.hearth.engine.llama.LlamaStructs.TOKEN_DATA_ARRAY;
import static dev.hearth.engine.llama.LlamaStructs.offset;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BOOLEAN;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * One sequence's llama.cpp grammar sampler (a clone of the compiled grammar) and the candidate buffers it filters.
 * The grammar sampler only sets rejected candidates' logits to -inf; it neither reorders nor selects.
 */
final class LlamaGrammarState implements ConstraintState {

    private static final long ENTRY = TOKEN_DATA.byteSize();
    private static final long LOGIT = offset(TOKEN_DATA, "logit");
    private static final long P = offset(TOKEN_DATA, "p");
    private static final long DATA = offset(TOKEN_DATA_ARRAY, "data");
    private static final long SIZE = offset(TOKEN_DATA_ARRAY, "size");
    private static final long SELECTED = offset(TOKEN_DATA_ARRAY, "selected");
    private static final long SORTED = offset(TOKEN_DATA_ARRAY, "sorted");

    private final LlamaLibrary lib;
    private final MemorySegment sampler;
    private final Arena arena = Arena.ofConfined();
    private final MemorySegment array;
    private final MemorySegment candidates;
    @SuppressWarnings("unused") // reachability: the compiled grammar outlives every clone of it
    private final Object compiled;
    private boolean closed;

    LlamaGrammarState(LlamaLibrary lib, MemorySegment sampler, int vocabSize, Object compiled) {
        this.lib = lib;
        this.sampler = sampler;
        this.compiled = compiled;
        this.array = arena.allocate(TOKEN_DATA_ARRAY);
        this.candidates = arena.allocate(TOKEN_DATA, vocabSize);
    }

    @Override
    public boolean allows(int token) {
        put(0, token, 0f);
        MemorySegment out = apply(1);
        return out.get(JAVA_FLOAT, LOGIT) != Float.NEGATIVE_INFINITY;
    }

    @Override
    public void mask(float[] logits) {
        // Only live candidates are offered: the grammar's cost grows with the candidates it checks.
        int n = 0;
        for (int t = 0; t < logits.length; t++) {
            if (logits[t] != Float.NEGATIVE_INFINITY) put(n++, t, logits[t]);
        }
        if (n == 0) return;
        MemorySegment out = apply(n);
        long live = out.byteSize() / ENTRY;
        for (int i = 0; i < live; i++) {
            long at = i * ENTRY;
            if (out.get(JAVA_FLOAT, at + LOGIT) == Float.NEGATIVE_INFINITY) logits[out.get(JAVA_INT, at)] = Float.NEGATIVE_INFINITY;
        }
    }

    @Override
    public void accept(int token) {
        LlamaModel.call(() -> {
            lib.samplerAccept.invokeExact(sampler, token);
            return null;
        });
    }

    private void put(int index, int token, float logit) {
        long at = index * ENTRY;
        candidates.set(JAVA_INT, at, token);
        candidates.set(JAVA_FLOAT, at + LOGIT, logit);
        candidates.set(JAVA_FLOAT, at + P, 0f);
    }

    /** Runs the grammar over the first {@code n} candidates; returns the (possibly moved) candidate array. */
    private MemorySegment apply(int n) {
        array.set(ADDRESS, DATA, candidates);
        array.set(JAVA_LONG, SIZE, n);
        array.set(JAVA_LONG, SELECTED, -1L);
        array.set(JAVA_BOOLEAN, SORTED, false);
        LlamaModel.call(() -> {
            lib.samplerApply.invokeExact(sampler, array);
            return null;
        });
        long size = array.get(JAVA_LONG, SIZE);
        return array.get(ADDRESS, DATA).reinterpret(size * ENTRY);
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        LlamaModel.call(() -> {
            lib.samplerFree.invokeExact(sampler);
            return null;
        });
        arena.close();
    }
}
