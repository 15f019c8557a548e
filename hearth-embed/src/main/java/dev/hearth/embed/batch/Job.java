package dev.hearth.embed.batch;

import dev.hearth.embed.engine.HiddenStates;
import dev.hearth.embed.engine.Tokens;

import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;

/**
 * One input waiting for the encoder: its tokens, what to take out of the batch's hidden states for it, and where
 * the answer goes.
 *
 * @param extract  pools (or copies) this input's row; runs on the batching thread, must be cheap and pure
 * @param enqueued {@link System#nanoTime()} at submission, for queue-time metrics
 */
public record Job(Tokens tokens, BiFunction<HiddenStates, Integer, float[][]> extract,
                  CompletableFuture<Done> result, long enqueued) {

    /** The answer: vectors, and how long the job queued and how long its batch ran. */
    public record Done(float[][] vectors, long queueNanos, long inferenceNanos) {}

    public static Job of(Tokens tokens, BiFunction<HiddenStates, Integer, float[][]> extract) {
        return new Job(tokens, extract, new CompletableFuture<>(), System.nanoTime());
    }
}
