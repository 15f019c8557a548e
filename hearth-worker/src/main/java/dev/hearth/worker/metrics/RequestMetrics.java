package dev.hearth.worker.metrics;

import dev.hearth.engine.batch.GenerationResult;
import dev.hearth.worker.generation.PreparedRequest;
import io.javalin.http.Context;

import java.util.Locale;

/**
 * Per-request accounting: TGI's request metrics and its {@code x-*} timing headers come from the same
 * measurements, so they always agree.
 */
public final class RequestMetrics {

    /** What TGI reports in {@code x-compute-type}; overridable as in TGI through COMPUTE_TYPE. */
    public static final String COMPUTE_TYPE = System.getenv().getOrDefault("COMPUTE_TYPE", "cpu+optimized");

    private final TgiMetrics metrics;

    public RequestMetrics(TgiMetrics metrics) {
        this.metrics = metrics;
    }

    public Request start() {
        metrics.requestCount.inc();
        return new Request(System.nanoTime());
    }

    /** One request's measurements. Not thread-safe; owned by the request's thread. */
    public final class Request {
        private final long started;
        private long validatedAt;
        private boolean done;

        private Request(long started) {
            this.started = started;
        }

        public void validated(PreparedRequest r) {
            validatedAt = System.nanoTime();
            metrics.validationDuration.observe((validatedAt - started) / 1e9);
            metrics.inputLength.observe(r.budget().inputLength());
            metrics.maxNewTokens.observe(r.budget().maxNewTokens());
        }

        public void finished(GenerationResult r) {
            if (done) return;
            done = true;
            metrics.requestSuccess.inc();
            metrics.requestDuration.observe((System.nanoTime() - started) / 1e9);
            metrics.queueDuration.observe(r.queueNanos() / 1e9);
            metrics.inferenceDuration.observe(r.inferenceNanos() / 1e9);
            metrics.generatedTokens.observe(r.generatedTokens());
            if (r.generatedTokens() > 0) metrics.timePerToken.observe(r.inferenceNanos() / 1e9 / r.generatedTokens());
        }

        /** {@code kind}: TGI's err label (validation, generation, overloaded, dropped, ...). */
        public void failed(String kind) {
            if (done) return;
            done = true;
            metrics.failure(kind);
        }

        /** TGI's timing headers of a non-streaming answer. */
        public void headers(Context ctx, GenerationResult r, int characters) {
            long total = System.nanoTime() - started;
            long validation = validatedAt == 0 ? 0 : validatedAt - started;
            ctx.header("x-compute-type", COMPUTE_TYPE);
            ctx.header("x-compute-time", String.format(Locale.ROOT, "%.6f", total / 1e9));
            ctx.header("x-compute-characters", Integer.toString(characters));
            ctx.header("x-total-time", Long.toString(total / 1_000_000));
            ctx.header("x-validation-time", Long.toString(validation / 1_000_000));
            ctx.header("x-queue-time", Long.toString(r.queueNanos() / 1_000_000));
            ctx.header("x-inference-time", Long.toString(r.inferenceNanos() / 1_000_000));
            ctx.header("x-time-per-token", Long.toString(r.generatedTokens() == 0 ? 0 : r.inferenceNanos() / 1_000_000 / r.generatedTokens()));
            ctx.header("x-prompt-tokens", Integer.toString(r.inputTokens()));
            ctx.header("x-generated-tokens", Integer.toString(r.generatedTokens()));
        }
    }
}
