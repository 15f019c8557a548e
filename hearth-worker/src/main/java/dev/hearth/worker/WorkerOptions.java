package dev.hearth.worker;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Everything a worker is started with. Names and defaults follow TGI's launcher where they fit a CPU.
 *
 * @param model               GGUF file, or a folder holding one
 * @param modelId             the name the worker reports (/info model_id, /v1/models); defaults to the file name
 * @param maxInputTokens      longest prompt; empty derives it from maxTotalTokens - 1
 * @param maxTotalTokens      prompt plus generated tokens per request; empty derives min(training context, 4096)
 * @param maxConcurrentRequests requests in flight before new ones get 429
 * @param maxBatchSize        sequences decoded together (each gets its own KV cache slice of maxTotalTokens)
 * @param threads             CPU threads for the engine; 0 means all available processors but one (at least one),
 *                            because llama.cpp's threads spin at barriers and one competing process on a core
 *                            they all hold slows decode many times over (docs/benchmarks.md, "Engine threads")
 * @param promptBuilder       an EasyLLM prompt builder to use for chat instead of the model's template
 * @param apiKey              when set, inference routes need {@code Authorization: Bearer <key>}
 * @param prefixCache         keep prompts in idle cache slots and reuse them (docs/prompt-cache.md)
 */
public record WorkerOptions(
        Path model,
        Optional<String> modelId,
        String host,
        int port,
        Optional<Integer> maxInputTokens,
        Optional<Integer> maxTotalTokens,
        int maxConcurrentRequests,
        int maxBatchSize,
        int maxStopSequences,
        int maxBestOf,
        int maxTopNTokens,
        int maxClientBatchSize,
        int payloadLimit,
        int threads,
        int prefillChunk,
        Optional<String> promptBuilder,
        Optional<String> apiKey,
        boolean prefixCache) {

    public static final int DEFAULT_PORT = 3000;

    /** Options with the prompt cache on. */
    public WorkerOptions(Path model, Optional<String> modelId, String host, int port, Optional<Integer> maxInputTokens,
                         Optional<Integer> maxTotalTokens, int maxConcurrentRequests, int maxBatchSize,
                         int maxStopSequences, int maxBestOf, int maxTopNTokens, int maxClientBatchSize, int payloadLimit,
                         int threads, int prefillChunk, Optional<String> promptBuilder, Optional<String> apiKey) {
        this(model, modelId, host, port, maxInputTokens, maxTotalTokens, maxConcurrentRequests, maxBatchSize,
                maxStopSequences, maxBestOf, maxTopNTokens, maxClientBatchSize, payloadLimit, threads, prefillChunk,
                promptBuilder, apiKey, true);
    }

    public WorkerOptions withPrefixCache(boolean on) {
        return new WorkerOptions(model, modelId, host, port, maxInputTokens, maxTotalTokens, maxConcurrentRequests,
                maxBatchSize, maxStopSequences, maxBestOf, maxTopNTokens, maxClientBatchSize, payloadLimit, threads,
                prefillChunk, promptBuilder, apiKey, on);
    }

    /** TGI's defaults, with a batch of 8 sequences, which suits CPU decoding. */
    public static WorkerOptions defaults(Path model) {
        return new WorkerOptions(model, Optional.empty(), "0.0.0.0", DEFAULT_PORT, Optional.empty(), Optional.empty(),
                128, 8, 4, 2, 5, 4, 2_000_000, 0, 256, Optional.empty(), Optional.empty());
    }

    public int effectiveThreads() {
        return threads > 0 ? threads : Math.max(1, Runtime.getRuntime().availableProcessors() - 1);
    }
}
