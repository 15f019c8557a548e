package dev.hearth.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.client.internal.Json;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code model.image} as huggingface_hub ≥ 1.28 builds it from {@code custom_image}: a map with a top-level
 * {@code url} is a custom container, wrapped as {@code {"custom": map}}; any other map already names its variant
 * ({@code {"tgi": {}}}, {@code {"llamacpp": {...}}}) and is sent as it is.
 */
final class CustomImages {

    private CustomImages() {}

    static JsonNode imagePayload(Map<String, Object> customImage) {
        JsonNode given = Json.PLAIN.valueToTree(customImage);
        if (given.has("url")) {
            ObjectNode wrapped = Json.PLAIN.createObjectNode();
            wrapped.set("custom", given);
            return wrapped;
        }
        if (given.size() != 1) {
            throw new IllegalArgumentException("a custom image is either a container ({\"url\": ...}) or one image variant"
                    + " such as {\"tgi\": {}}; got " + given);
        }
        return given;
    }

    /** A custom container: {@code url} (on Hearth, a shell command), its health route and environment. */
    static Map<String, Object> container(String url, String healthRoute, Map<String, String> env) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("url", url);
        if (healthRoute != null) m.put("healthRoute", healthRoute);
        if (env != null && !env.isEmpty()) m.put("env", Map.copyOf(env));
        return m;
    }
}
