package dev.hearth.embed.http;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.hearth.api.WireJson;
import dev.hearth.embed.service.EmbeddingService;
import io.javalin.http.Context;

import java.util.List;
import java.util.Map;

/** Response bodies of the TEI and OpenAI routes, and TEI's timing headers. */
public final class Responses {

    private Responses() {}

    /** TEI {@code /info} ({@code router/src/lib.rs Info}). */
    @JsonPropertyOrder({"model_id", "model_sha", "model_dtype", "served_model_name", "model_type", "max_concurrent_requests",
            "max_input_length", "max_batch_tokens", "max_batch_requests", "max_client_batch_size", "auto_truncate",
            "tokenization_workers", "version", "sha", "docker_label"})
    public record Info(
            @JsonProperty("model_id") String modelId,
            @JsonProperty("model_sha") String modelSha,
            @JsonProperty("model_dtype") String modelDtype,
            @JsonProperty("served_model_name") String servedModelName,
            @JsonProperty("model_type") Map<String, Map<String, String>> modelType,
            @JsonProperty("max_concurrent_requests") int maxConcurrentRequests,
            @JsonProperty("max_input_length") int maxInputLength,
            @JsonProperty("max_batch_tokens") int maxBatchTokens,
            @JsonProperty("max_batch_requests") Integer maxBatchRequests,
            @JsonProperty("max_client_batch_size") int maxClientBatchSize,
            @JsonProperty("auto_truncate") boolean autoTruncate,
            @JsonProperty("tokenization_workers") int tokenizationWorkers,
            @JsonProperty("version") String version,
            @JsonProperty("sha") String sha,
            @JsonProperty("docker_label") String dockerLabel) {}

    /** TEI {@code /tokenize} token; {@code start}/{@code stop} are null for special tokens. */
    @JsonPropertyOrder({"id", "text", "special", "start", "stop"})
    record SimpleToken(@JsonProperty("id") long id, @JsonProperty("text") String text,
                       @JsonProperty("special") boolean special,
                       @JsonProperty("start") Integer start, @JsonProperty("stop") Integer stop) {}

    @JsonPropertyOrder({"object", "data", "model", "usage"})
    record OpenAiEmbeddings(@JsonProperty("data") List<OpenAiEmbedding> data, @JsonProperty("model") String model,
                            @JsonProperty("usage") Usage usage) {
        @JsonProperty("object")
        public String object() {
            return "list";
        }
    }

    /** {@code embedding} is a float array or a base64 string of little-endian f32. */
    @JsonPropertyOrder({"object", "embedding", "index"})
    record OpenAiEmbedding(@JsonProperty("embedding") Object embedding, @JsonProperty("index") int index) {
        @JsonProperty("object")
        public String object() {
            return "embedding";
        }
    }

    @JsonPropertyOrder({"prompt_tokens", "total_tokens"})
    record Usage(@JsonProperty("prompt_tokens") int promptTokens, @JsonProperty("total_tokens") int totalTokens) {}

    /** TEI's OpenAI-route error: flat, not nested under {@code error}. */
    @JsonPropertyOrder({"message", "code", "type"})
    record OpenAiError(@JsonProperty("message") String message, @JsonProperty("code") int code,
                       @JsonProperty("type") String type) {}

    static void json(Context ctx, Object body) {
        ctx.contentType("application/json").result(WireJson.writeBytes(body));
    }

    /** TEI's {@code ResponseMetadata} headers; times in milliseconds. */
    static void timingHeaders(Context ctx, EmbeddingService.Embedded e, long startedNanos) {
        long total = (System.nanoTime() - startedNanos) / 1_000_000;
        ctx.header("x-compute-type", "cpu");
        ctx.header("x-compute-time", String.valueOf(total));
        ctx.header("x-compute-characters", String.valueOf(e.chars()));
        ctx.header("x-compute-tokens", String.valueOf(e.tokens()));
        ctx.header("x-total-time", String.valueOf(total));
        ctx.header("x-tokenization-time", String.valueOf(e.tokenizationNanos() / 1_000_000));
        ctx.header("x-queue-time", String.valueOf(e.queueNanos() / 1_000_000));
        ctx.header("x-inference-time", String.valueOf(e.inferenceNanos() / 1_000_000));
    }
}
