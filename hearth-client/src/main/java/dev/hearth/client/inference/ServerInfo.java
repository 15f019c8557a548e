package dev.hearth.client.inference;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * {@code GET /info}: what the endpoint serves and its limits.
 *
 * @param raw the whole answer (other fields differ between TGI versions and TEI); a copy on every call
 */
public record ServerInfo(String modelId, String modelPipelineTag, Integer maxInputTokens, Integer maxTotalTokens,
                         Integer maxConcurrentRequests, String version, JsonNode raw) {

    public ServerInfo {
        raw = raw == null ? null : raw.deepCopy();
    }

    @Override
    public JsonNode raw() {
        return raw == null ? null : raw.deepCopy();
    }

    static ServerInfo of(JsonNode j) {
        return new ServerInfo(text(j, "model_id"), text(j, "model_pipeline_tag"),
                number(j, j.has("max_input_tokens") ? "max_input_tokens" : "max_input_length"),
                number(j, "max_total_tokens"), number(j, "max_concurrent_requests"), text(j, "version"), j);
    }

    private static String text(JsonNode j, String k) {
        return j.path(k).isTextual() ? j.get(k).asText() : null;
    }

    private static Integer number(JsonNode j, String k) {
        return j.path(k).isNumber() ? j.get(k).asInt() : null;
    }
}
