package dev.hearth.embed.service;

import dev.hearth.api.ApiException;
import dev.hearth.embed.batch.DynamicBatcher;
import dev.hearth.embed.batch.Job;
import dev.hearth.embed.engine.EngineException;
import dev.hearth.embed.engine.HiddenStates;
import dev.hearth.embed.engine.Tokens;
import dev.hearth.embed.model.Pooling;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.function.BiFunction;

/**
 * One embedding request from validation to vectors, in TEI's order: request-level checks (empty batch, client
 * batch size), a permit per input (429 past max_concurrent_requests), tokenization and per-input checks, then
 * every input into the shared batcher, then dimensions and normalization.
 *
 * <p>All inputs are prepared before any is queued, so a request refused for its third input costs the encoder
 * nothing. Permits are returned when the request ends, whatever the outcome.
 */
public final class EmbeddingService {

    private final Preparation preparation;
    private final DynamicBatcher batcher;
    private final Admission admission;
    private final TeiMetrics metrics;
    private final Pooling pooling;
    private final int maxClientBatchSize;

    /** What the encoder produced for a request, per input, and the figures TEI puts in its response headers. */
    public record Embedded(List<float[][]> vectors, int chars, int tokens, long tokenizationNanos,
                           long queueNanos, long inferenceNanos) {}

    public EmbeddingService(Preparation preparation, DynamicBatcher batcher, Admission admission, TeiMetrics metrics,
                            Pooling pooling, int maxClientBatchSize) {
        this.preparation = preparation;
        this.batcher = batcher;
        this.admission = admission;
        this.metrics = metrics;
        this.pooling = pooling;
        this.maxClientBatchSize = maxClientBatchSize;
    }

    /**
     * Pooled vectors, one row per input ({@code allTokens} false), or every token's vector ({@code allTokens} true).
     *
     * @param batchForm whether the client sent a list (TEI's {@code method="batch"}); only a list may be empty
     */
    public Embedded embed(List<Input> inputs, boolean batchForm, EmbedParams p, boolean allTokens) {
        long started = System.nanoTime();
        metrics.request(batchForm);
        try {
            Embedded result = run(inputs, batchForm, p, allTokens);
            metrics.success(batchForm);
            double seconds = (System.nanoTime() - started) / 1e9;
            metrics.requestDuration.observe(seconds);
            metrics.embedDuration.observe(seconds);
            return result;
        } catch (ApiException e) {
            metrics.failure(TeiError.failureLabel(e));
            throw e;
        }
    }

    private Embedded run(List<Input> inputs, boolean batchForm, EmbedParams p, boolean allTokens) {
        if (batchForm && inputs.isEmpty()) throw TeiError.empty("`inputs` cannot be empty");
        if (inputs.size() > maxClientBatchSize) {
            throw TeiError.validation("batch size " + inputs.size() + " > maximum allowed batch size " + maxClientBatchSize);
        }
        admission.acquire(inputs.size());
        try {
            metrics.embedCount.add(inputs.size());
            if (p.dimensions().isPresent() && p.dimensions().get() <= 0) {
                throw TeiError.inputValidation("`dimensions` should be positive");
            }
            long t0 = System.nanoTime();
            List<Tokens> prepared = new ArrayList<>(inputs.size());
            int chars = 0, tokens = 0;
            for (Input input : inputs) {
                Tokens t = preparation.prepare(input, p);
                prepared.add(t);
                chars += input.chars();
                tokens += t.length();
                metrics.inputLength.observe(t.length());
            }
            long tokenization = System.nanoTime() - t0;
            BiFunction<HiddenStates, Integer, float[][]> extract = allTokens
                    ? HiddenStates::tokens
                    : (hidden, row) -> new float[][]{hidden.pool(row, pooling)};
            List<Job> jobs = prepared.stream().map(t -> batcher.submit(t, extract)).toList();
            List<float[][]> out = new ArrayList<>(jobs.size());
            long queue = 0, inference = 0;
            for (Job job : jobs) {
                Job.Done done = await(job);
                queue += done.queueNanos();
                inference += done.inferenceNanos();
                out.add(allTokens ? done.vectors() : new float[][]{finish(done.vectors()[0], p)});
            }
            int n = jobs.size();
            metrics.tokenizationDuration.observe(tokenization / 1e9 / n);
            metrics.queueDuration.observe(queue / 1e9 / n);
            metrics.inferenceDuration.observe(inference / 1e9 / n);
            metrics.embedTokenization.observe(tokenization / 1e9 / n);
            metrics.embedQueue.observe(queue / 1e9 / n);
            metrics.embedInference.observe(inference / 1e9 / n);
            metrics.embedSuccess.add(n);
            return new Embedded(out, chars, tokens, tokenization / n, queue / n, inference / n);
        } finally {
            admission.release(inputs.size());
        }
    }

    /** Matryoshka cut first, then normalization, as TEI's {@code embed_pooled} does. */
    private static float[] finish(float[] vector, EmbedParams p) {
        float[] v = vector;
        if (p.dimensions().isPresent()) {
            int d = p.dimensions().get();
            if (d > v.length) {
                throw TeiError.inputValidation("`dimensions` should be smaller than the maximum embedding dimension.");
            }
            v = java.util.Arrays.copyOf(v, d);
        }
        return p.normalize() ? HiddenStates.normalize(v) : v;
    }

    private static Job.Done await(Job job) {
        try {
            return job.result().get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof EngineException) throw TeiError.backend(cause.getMessage());
            throw TeiError.backend(String.valueOf(cause));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw TeiError.backend("interrupted");
        }
    }

    public Preparation preparation() {
        return preparation;
    }

    public Admission admission() {
        return admission;
    }
}
