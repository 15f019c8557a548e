package dev.hearth.bench;

import dev.hearth.engine.llama.LlamaLibrary;
import dev.hearth.engine.llama.LlamaRuntime;

import java.nio.file.Path;

/**
 * The baseline: llama.cpp driven directly, with no scheduler and no HTTP. Each sequence's prompt is decoded,
 * then every step decodes one token of each of the N sequences in one {@code llama_decode}, copies each
 * sequence's logits out and picks the argmax (greedy, end of generation ignored). Only the steps are timed.
 *
 * <p>The context has the same shape as the worker's (slots, slot size, batch size, threads), so the two differ
 * only by what the worker adds.
 */
final class RawEngineLoop implements AutoCloseable {

    private final LlamaRuntime runtime;
    private final float[] logits;
    private int eosSeen;

    RawEngineLoop(LlamaLibrary lib, Path model, int contextPerSequence, int maxSequences, int batchSize, int threads) {
        this.runtime = LlamaRuntime.open(lib, model, trained -> contextPerSequence, maxSequences, batchSize, threads);
        this.logits = new float[runtime.vocabSize()];
    }

    int[] tokenize(String text) {
        return runtime.tokenize(text, true, true);
    }

    /** End-of-generation tokens chosen so far (ignored by the loop; reported so EOS-prone prompts are visible). */
    int eosSeen() {
        return eosSeen;
    }

    /** Generates {@code tokens} tokens for each of {@code prompts.length} sequences; returns the decode rate. */
    DecodeRate run(int[][] prompts, int tokens) {
        int n = prompts.length;
        int[] last = new int[n];
        int[] position = new int[n];
        for (int s = 0; s < n; s++) {
            runtime.clearSequence(s);
            int[] p = prompts[s];
            int[] seq = new int[p.length];
            int[] pos = new int[p.length];
            boolean[] want = new boolean[p.length];
            for (int i = 0; i < p.length; i++) {
                seq[i] = s;
                pos[i] = i;
            }
            want[p.length - 1] = true;
            runtime.decode(p.length, p, pos, seq, want);
            last[s] = pick(p.length - 1);
            position[s] = p.length;
        }

        int[] token = new int[n], pos = new int[n], seq = new int[n];
        boolean[] want = new boolean[n];
        java.util.Arrays.fill(want, true);
        long forward = 0;
        long started = System.nanoTime();
        for (int step = 1; step < tokens; step++) {
            for (int s = 0; s < n; s++) {
                token[s] = last[s];
                pos[s] = position[s]++;
                seq[s] = s;
            }
            long t = System.nanoTime();
            runtime.decode(n, token, pos, seq, want);
            forward += System.nanoTime() - t;
            for (int s = 0; s < n; s++) last[s] = pick(s);
        }
        long nanos = System.nanoTime() - started;
        for (int s = 0; s < n; s++) runtime.clearSequence(s);
        return new DecodeRate((long) n * (tokens - 1), nanos, tokens).withForwardMillis(forward / 1e6 / (tokens - 1));
    }

    private int pick(int batchIndex) {
        runtime.logits(batchIndex, logits);
        int best = 0;
        for (int i = 1; i < logits.length; i++) if (logits[i] > logits[best]) best = i;
        if (runtime.isEndOfGeneration(best)) eosSeen++;
        return best;
    }

    @Override
    public void close() {
        runtime.close();
    }
}
