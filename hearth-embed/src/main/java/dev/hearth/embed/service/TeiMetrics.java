package dev.hearth.embed.service;

import dev.hearth.api.metrics.MetricRegistry;

import java.util.function.IntSupplier;

/**
 * TEI's Prometheus series under TEI's names ({@code te_*}), so dashboards built for TEI work unchanged.
 * Durations are in seconds, as TEI records them.
 */
public final class TeiMetrics {

    private static final double[] DURATION = MetricRegistry.exponentialBuckets(0.0005, 2, 16);

    private final MetricRegistry registry = new MetricRegistry();
    final MetricRegistry.Counter requestCount = registry.counter("te_request_count");
    final MetricRegistry.Counter requestSuccess = registry.counter("te_request_success");
    final MetricRegistry.Counter requestFailure = registry.counter("te_request_failure");
    final MetricRegistry.Histogram requestDuration = registry.histogram("te_request_duration", DURATION);
    final MetricRegistry.Histogram tokenizationDuration = registry.histogram("te_request_tokenization_duration", DURATION);
    final MetricRegistry.Histogram queueDuration = registry.histogram("te_request_queue_duration", DURATION);
    final MetricRegistry.Histogram inferenceDuration = registry.histogram("te_request_inference_duration", DURATION);
    final MetricRegistry.Histogram inputLength =
            registry.histogram("te_request_input_length", MetricRegistry.exponentialBuckets(2, 2, 12));
    final MetricRegistry.Counter embedCount = registry.counter("te_embed_count");
    final MetricRegistry.Counter embedSuccess = registry.counter("te_embed_success");
    final MetricRegistry.Histogram embedDuration = registry.histogram("te_embed_duration", DURATION);
    final MetricRegistry.Histogram embedTokenization = registry.histogram("te_embed_tokenization_duration", DURATION);
    final MetricRegistry.Histogram embedQueue = registry.histogram("te_embed_queue_duration", DURATION);
    final MetricRegistry.Histogram embedInference = registry.histogram("te_embed_inference_duration", DURATION);
    private final MetricRegistry.Histogram batchSize =
            registry.histogram("te_batch_next_size", MetricRegistry.exponentialBuckets(1, 2, 10));
    private final MetricRegistry.Histogram batchTokens =
            registry.histogram("te_batch_next_tokens", MetricRegistry.exponentialBuckets(16, 2, 12));

    /**
     * Adds {@code te_queue_size}, read from the batcher's queue. Separate from the constructor because the batcher
     * reports its batches here, so it is built after these metrics; once only.
     */
    public void queueSizeFrom(IntSupplier queueSize) {
        registry.gauge("te_queue_size", queueSize::getAsInt);
    }

    /** Told by the batcher before each encoder call. */
    public void batch(int rows, int paddedTokens) {
        batchSize.observe(rows);
        batchTokens.observe(paddedTokens);
    }

    /** {@code te_request_count{method="single"|"batch"}}. */
    public void request(boolean batch) {
        requestCount.inc("method", batch ? "batch" : "single");
    }

    public void success(boolean batch) {
        requestSuccess.inc("method", batch ? "batch" : "single");
    }

    public void failure(String err) {
        requestFailure.inc("err", err);
    }

    public long failures(String err) {
        return requestFailure.value("err", err);
    }

    public String scrape() {
        return registry.scrape();
    }
}
