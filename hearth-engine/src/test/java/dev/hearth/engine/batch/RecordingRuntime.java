package dev.hearth.engine.batch;

import dev.hearth.engine.ModelDescription;
import dev.hearth.engine.ModelRuntime;
import dev.hearth.engine.Tokenizer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A model runtime that records every batch the scheduler builds and always predicts token 3 ("x"): for testing the
 * scheduler's batch composition, which a real engine cannot show. Engine correctness is tested on llama.cpp itself.
 */
final class RecordingRuntime implements ModelRuntime, Tokenizer {

    record Batch(int[] seq, int[] pos, boolean[] logits) {}

    final List<Batch> batches = new ArrayList<>();
    private final int sequences;
    private final int capacity;

    RecordingRuntime(int sequences, int capacity) {
        this.sequences = sequences;
        this.capacity = capacity;
    }

    synchronized List<Batch> batches() {
        return List.copyOf(batches);
    }

    @Override
    public synchronized void decode(int count, int[] token, int[] pos, int[] seq, boolean[] wantLogits) {
        batches.add(new Batch(Arrays.copyOf(seq, count), Arrays.copyOf(pos, count), Arrays.copyOf(wantLogits, count)));
        try {
            Thread.sleep(1); // a step takes time, as on a real engine, so requests overlap
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override public void logits(int index, float[] dest) { Arrays.fill(dest, 0f); dest[3] = 10f; }
    @Override public synchronized void clearSequence(int seq) { trims.add(new Trim(seq, 0)); }
    @Override public synchronized boolean trimSequence(int seq, int keep) { trims.add(new Trim(seq, keep)); return true; }

    /** A cut of sequence {@code seq}'s cache to its first {@code keep} positions (0: cleared). */
    record Trim(int seq, int keep) {}

    final List<Trim> trims = new ArrayList<>();

    synchronized List<Trim> trims() {
        return List.copyOf(trims);
    }
    @Override public ModelDescription description() {
        return new ModelDescription("recording", "test", "", 4096, 4, 0, Optional.empty(), "<s>", "</s>");
    }
    @Override public Tokenizer tokenizer() { return this; }
    @Override public int maxSequences() { return sequences; }
    @Override public int contextPerSequence() { return 4096; }
    @Override public int batchCapacity() { return capacity; }
    @Override public void close() {}

    @Override public int[] tokenize(String text, boolean addSpecial, boolean parseSpecial) { return new int[]{3}; }
    @Override public byte[] pieceBytes(int token, boolean renderSpecial) { return new byte[]{'x'}; }
    @Override public boolean isEndOfGeneration(int token) { return token == 2; }
    @Override public boolean isSpecial(int token) { return token < 3; }
    @Override public int vocabSize() { return 4; }
    @Override public int bosToken() { return 1; }
    @Override public int eosToken() { return 2; }
}
