package dev.hearth.embed;

import dev.hearth.embed.model.Pooling;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Everything an embedding worker is started with. Names and defaults are TEI's launcher's (v1.9).
 *
 * @param model                 a folder (sentence-transformers layout with an ONNX export), a Hub id in the local HF
 *                              cache, or the bundled demo id {@code sentence-transformers/all-MiniLM-L6-v2}
 * @param modelId               the name reported by /info ({@code model_id}, {@code served_model_name}),
 *                              /v1/models and /v1/embeddings; defaults to {@code model} as given
 * @param maxConcurrentRequests inputs in flight before 429 (TEI counts each input of a batch)
 * @param maxBatchTokens        padded tokens per encoder call (longest × rows); also caps max_input_length
 * @param maxBatchRequests      rows per encoder call; empty means bounded by tokens only
 * @param maxClientBatchSize    inputs per request before 422
 * @param autoTruncate          default of {@code truncate}; also whether /v1/embeddings truncates
 * @param payloadLimit          largest request body in bytes (413 past it)
 * @param threads               ONNX Runtime intra-op threads; 0 means all available processors
 * @param pooling               overrides the model's pooling config
 * @param apiKey                when set, all but health and metrics need {@code Authorization: Bearer <key>}
 * @param cacheDir              where the demo model is written on first use
 */
public record EmbeddingOptions(
        String model,
        Optional<String> modelId,
        String host,
        int port,
        int maxConcurrentRequests,
        int maxBatchTokens,
        Optional<Integer> maxBatchRequests,
        int maxClientBatchSize,
        boolean autoTruncate,
        int payloadLimit,
        int threads,
        Optional<Pooling> pooling,
        Optional<String> apiKey,
        Path cacheDir) {

    public static final int DEFAULT_PORT = 3000;

    /** TEI's defaults: 512 concurrent, 16384 batch tokens, 32 inputs per request, auto-truncate on, 2 MB bodies. */
    public static EmbeddingOptions defaults(String model) {
        return new EmbeddingOptions(model, Optional.empty(), "0.0.0.0", DEFAULT_PORT, 512, 16384, Optional.empty(), 32,
                true, 2_000_000, 0, Optional.empty(), Optional.empty(), EmbeddingModels.defaultCacheDir());
    }

    public EmbeddingOptions withPort(int port) {
        return new EmbeddingOptions(model, modelId, host, port, maxConcurrentRequests, maxBatchTokens, maxBatchRequests,
                maxClientBatchSize, autoTruncate, payloadLimit, threads, pooling, apiKey, cacheDir);
    }

    public EmbeddingOptions withHost(String host) {
        return new EmbeddingOptions(model, modelId, host, port, maxConcurrentRequests, maxBatchTokens, maxBatchRequests,
                maxClientBatchSize, autoTruncate, payloadLimit, threads, pooling, apiKey, cacheDir);
    }

    public EmbeddingOptions withModelId(String id) {
        return new EmbeddingOptions(model, Optional.ofNullable(id), host, port, maxConcurrentRequests, maxBatchTokens,
                maxBatchRequests, maxClientBatchSize, autoTruncate, payloadLimit, threads, pooling, apiKey, cacheDir);
    }

    public EmbeddingOptions withLimits(int maxConcurrentRequests, int maxBatchTokens, int maxClientBatchSize) {
        return new EmbeddingOptions(model, modelId, host, port, maxConcurrentRequests, maxBatchTokens, maxBatchRequests,
                maxClientBatchSize, autoTruncate, payloadLimit, threads, pooling, apiKey, cacheDir);
    }

    public EmbeddingOptions withApiKey(String key) {
        return new EmbeddingOptions(model, modelId, host, port, maxConcurrentRequests, maxBatchTokens, maxBatchRequests,
                maxClientBatchSize, autoTruncate, payloadLimit, threads, pooling, Optional.ofNullable(key), cacheDir);
    }

    public EmbeddingOptions withCacheDir(Path dir) {
        return new EmbeddingOptions(model, modelId, host, port, maxConcurrentRequests, maxBatchTokens, maxBatchRequests,
                maxClientBatchSize, autoTruncate, payloadLimit, threads, pooling, apiKey, dir);
    }

    public int effectiveThreads() {
        return threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
    }

    /** The name reported to clients. */
    public String servedName() {
        return modelId.orElse(model);
    }
}
