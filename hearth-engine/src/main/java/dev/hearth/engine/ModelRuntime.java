package dev.hearth.engine;

/**
 * One loaded model with room for several sequences, driven by exactly one thread (the batch scheduler's).
 *
 * <p>This is the seam between scheduling and a concrete engine: llama.cpp implements it today; another engine can
 * implement it later and reuse the scheduler, sampling and the whole HTTP layer unchanged.
 */
public interface ModelRuntime extends AutoCloseable {

    ModelDescription description();

    Tokenizer tokenizer();

    /** How many sequences may live in the cache at once; sequence ids are 0 .. maxSequences-1. */
    int maxSequences();

    /** Positions each sequence may occupy (prompt plus generated tokens). */
    int contextPerSequence();

    /** How many tokens one {@link #decode} call accepts. */
    int batchCapacity();

    /**
     * Runs the model over {@code count} entries: token {@code token[i]} at position {@code pos[i]} of sequence
     * {@code seq[i]}; logits are kept for entries with {@code wantLogits[i]}.
     *
     * @throws DecodeException when the engine refuses or fails the batch
     */
    void decode(int count, int[] token, int[] pos, int[] seq, boolean[] wantLogits);

    /** Copies the logits of batch entry {@code index} of the last decode into {@code dest}. */
    void logits(int index, float[] dest);

    /** Drops everything cached for {@code seq}. */
    void clearSequence(int seq);

    /**
     * Drops what is cached for {@code seq} from position {@code keep} on and keeps positions {@code 0 .. keep-1},
     * for a request whose prompt starts with the same tokens. Returns false when the engine cannot cut a sequence
     * partially; nothing was removed then. An engine that never keeps a prefix needs only the default.
     */
    default boolean trimSequence(int seq, int keep) {
        if (keep != 0) return false;
        clearSequence(seq);
        return true;
    }

    /** Positions the engine holds for {@code seq}; -1 when the engine cannot tell. For checks and tests. */
    default int cachedPositions(int seq) {
        return -1;
    }

    @Override
    void close();
}
