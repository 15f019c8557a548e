package dev.hearth.api.tgi;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * Answer of {@code GET /info}, in the v2.3+ shape, plus the legacy {@code max_input_length}
 * (always equal to {@code max_input_tokens}) so that clients of TGI ≤ v2.0 find their field.
 * {@code model_sha}, {@code model_pipeline_tag}, {@code sha} and {@code docker_label} are written
 * as {@code null} when unknown, never omitted.
 */
@JsonPropertyOrder({"model_id", "model_sha", "model_pipeline_tag", "max_concurrent_requests", "max_best_of",
        "max_stop_sequences", "max_input_tokens", "max_input_length", "max_total_tokens", "validation_workers",
        "max_client_batch_size", "router", "version", "sha", "docker_label"})
public record Info(
        @JsonProperty("model_id") String modelId,
        @JsonProperty("model_sha") String modelSha,
        @JsonProperty("model_pipeline_tag") String modelPipelineTag,
        @JsonProperty("max_concurrent_requests") int maxConcurrentRequests,
        @JsonProperty("max_best_of") int maxBestOf,
        @JsonProperty("max_stop_sequences") int maxStopSequences,
        @JsonProperty("max_input_tokens") int maxInputTokens,
        @JsonProperty("max_total_tokens") int maxTotalTokens,
        @JsonProperty("validation_workers") int validationWorkers,
        @JsonProperty("max_client_batch_size") int maxClientBatchSize,
        @JsonProperty("router") String router,
        @JsonProperty("version") String version,
        @JsonProperty("sha") String sha,
        @JsonProperty("docker_label") String dockerLabel) {

    /** TGI's router name, which some clients check. */
    public static final String ROUTER = "text-generation-router";

    /** The legacy name of {@code max_input_tokens} (TGI ≤ v2.0). */
    @JsonProperty("max_input_length")
    public int maxInputLength() {
        return maxInputTokens;
    }

    /** An {@code /info} built from the validation limits, with TGI's other defaults. */
    public static Info of(String modelId, String modelSha, String pipelineTag, int maxConcurrentRequests,
                          Limits limits, String version) {
        return new Info(modelId, modelSha, pipelineTag, maxConcurrentRequests, limits.maxBestOf(),
                limits.maxStopSequences(), limits.maxInputTokens(), limits.maxTotalTokens(), 2,
                limits.maxClientBatchSize(), ROUTER, version, null, null);
    }
}
