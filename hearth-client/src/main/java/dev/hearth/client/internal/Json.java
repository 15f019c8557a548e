package dev.hearth.client.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The SDK's two JSON dialects. Both mappers are configured once here and never changed afterwards, which is what
 * makes sharing them across threads safe.
 */
public final class Json {

    /** TGI and OpenAI wire JSON: snake_case names, unknown keys ignored, nulls left out of requests (sparse payloads). */
    public static final ObjectMapper WIRE = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .defaultPropertyInclusion(JsonInclude.Value.construct(JsonInclude.Include.NON_NULL, JsonInclude.Include.NON_NULL))
            .build();

    /** The control plane's camelCase JSON, handled as trees. */
    public static final ObjectMapper PLAIN = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private Json() {}

    public static String write(ObjectMapper mapper, Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** Parses a tree; a body that is not JSON yields {@code null} (error bodies are sometimes plain text). */
    public static JsonNode treeOrNull(String body) {
        if (body == null || body.isBlank()) return null;
        try {
            return PLAIN.readTree(body);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    public static <T> T read(ObjectMapper mapper, JsonNode node, Class<T> type) {
        try {
            return mapper.treeToValue(node, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unexpected answer from the server: " + e.getOriginalMessage(), e);
        }
    }
}
