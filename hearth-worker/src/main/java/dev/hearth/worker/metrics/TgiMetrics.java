package dev.hearth.worker.metrics;

import dev.hearth.api.metrics.MetricRegistry;

import dev.hearth.engine.batch.SchedulerListener;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The worker's metrics under TGI's names (docs/source/reference/metrics.md of text-generation-inference), so
 * dashboards and alerts written for TGI work unchanged.
 */
public final class TgiMetrics implements SchedulerListener {

    /** TGI's duration buckets: 35 geometric buckets from 0.00015 s, each 1.5 times the last. */
    private static final double[] DURATION = MetricRegistry.exponentialBuckets(0.00015, 1.5, 35);

    private final MetricRegistry registry = new MetricRegistry();
    public final MetricRegistry.Counter requestCount = registry.counter("tgi_request_count");
    public final MetricRegistry.Counter requestSuccess = registry.counter("tgi_request_success");
    public final MetricRegistry.Counter requestFailure = registry.counter("tgi_request_failure");
    public final MetricRegistry.Histogram requestDuration = registry.histogram("tgi_request_duration", DURATION);
    public final MetricRegistry.Histogram validationDuration = registry.histogram("tgi_request_validation_duration", DURATION);
    public final MetricRegistry.Histogram queueDuration = registry.histogram("tgi_request_queue_duration", DURATION);
    public final MetricRegistry.Histogram inferenceDuration = registry.histogram("tgi_request_inference_duration", DURATION);
    public final MetricRegistry.Histogram timePerToken = registry.histogram("tgi_request_mean_time_per_token_duration", DURATION);
    public final MetricRegistry.Histogram inputLength;
    public final MetricRegistry.Histogram generatedTokens;
    public final MetricRegistry.Histogram maxNewTokens;
    private final AtomicInteger queueSize = new AtomicInteger();
    private final AtomicInteger batchSize = new AtomicInteger();
    private final MetricRegistry.Histogram batchNextSize;
    private final MetricRegistry.Counter batchInferenceCount;
    private final MetricRegistry.Counter batchInferenceSuccess;
    private final MetricRegistry.Counter batchInferenceFailure;
    private final MetricRegistry.Histogram batchInferenceDuration;
    private final MetricRegistry.Histogram batchForwardDuration;
    private final MetricRegistry.Counter prefixCacheHit;
    private final MetricRegistry.Counter prefixCacheMiss;
    private final MetricRegistry.Counter prefixCacheReusedTokens;
    private final MetricRegistry.Counter prefillTokens;

    public TgiMetrics(int maxInputTokens, int maxTotalTokens) {
        // TGI: input length buckets are 1..100 times max_input/100; token counts likewise over max_total.
        inputLength = registry.histogram("tgi_request_input_length",
                MetricRegistry.linearBuckets(Math.max(1, maxInputTokens / 100.0), Math.max(1, maxInputTokens / 100.0), 100));
        generatedTokens = registry.histogram("tgi_request_generated_tokens",
                MetricRegistry.linearBuckets(Math.max(1, maxTotalTokens / 100.0), Math.max(1, maxTotalTokens / 100.0), 100));
        maxNewTokens = registry.histogram("tgi_request_max_new_tokens",
                MetricRegistry.linearBuckets(Math.max(1, maxTotalTokens / 100.0), Math.max(1, maxTotalTokens / 100.0), 100));
        registry.gauge("tgi_queue_size", queueSize::get);
        registry.gauge("tgi_batch_current_size", batchSize::get);
        batchNextSize = registry.histogram("tgi_batch_next_size", MetricRegistry.linearBuckets(1, 1, 64));
        batchInferenceCount = registry.counter("tgi_batch_inference_count");
        batchInferenceSuccess = registry.counter("tgi_batch_inference_success");
        batchInferenceFailure = registry.counter("tgi_batch_inference_failure");
        batchInferenceDuration = registry.histogram("tgi_batch_inference_duration", DURATION);
        batchForwardDuration = registry.histogram("tgi_batch_forward_duration", DURATION);
        // Hearth's prompt cache, named in TGI's style: hit rate = hit / (hit + miss).
        prefixCacheHit = registry.counter("tgi_request_prefix_cache_hit");
        prefixCacheMiss = registry.counter("tgi_request_prefix_cache_miss");
        prefixCacheReusedTokens = registry.counter("tgi_request_prefix_cache_reused_tokens");
        prefillTokens = registry.counter("tgi_request_prefill_tokens");
    }

    /** A request failed; {@code kind} is one of TGI's err labels (validation, generation, overloaded, ...). */
    public void failure(String kind) {
        requestFailure.inc("err", kind);
    }

    @Override
    public void onStep(int sequences, int decodeTokens, int prefillTokens, long nanos, boolean success) {
        String method = prefillTokens > 0 ? "prefill" : "decode";
        double seconds = nanos / 1e9;
        batchInferenceCount.inc("method", method);
        (success ? batchInferenceSuccess : batchInferenceFailure).inc("method", method);
        batchInferenceDuration.observe(seconds, "method", method);
        batchForwardDuration.observe(seconds, "method", method);
        batchNextSize.observe(sequences);
    }

    @Override
    public void onAdmit(int promptTokens, int reusedTokens) {
        (reusedTokens > 0 ? prefixCacheHit : prefixCacheMiss).inc();
        if (reusedTokens > 0) prefixCacheReusedTokens.add(reusedTokens);
        prefillTokens.add(promptTokens - reusedTokens);
    }

    @Override
    public void onOccupancy(int waiting, int active) {
        queueSize.set(waiting);
        batchSize.set(active);
    }

    public String scrape() {
        return registry.scrape();
    }
}
