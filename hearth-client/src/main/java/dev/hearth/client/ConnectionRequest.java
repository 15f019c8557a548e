package dev.hearth.client;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A connection's credential, as GenStudio's integration page shows it ({@code api_key}, {@code endpoint},
 * {@code model_name}, {@code context_window}), plus the optional {@code name}, {@code kind} and
 * {@code prompt_builder}. Null fields are not sent: the server then derives the name, detects the kind, takes the
 * server's own context window, and on an update keeps the stored key.
 *
 * <pre>{@code
 * ConnectionRequest.of("hf_...", "https://xyz.us-east-1.aws.endpoints.huggingface.cloud",
 *         "meta-llama/Llama-2-7b-chat-hf", 4096).withName("llama").withKind("tgi")
 * }</pre>
 *
 * @param apiKey        sent to the remote server as {@code Authorization: Bearer}; null for a server without a key
 *                      (or, on an update, to keep the stored one). Never part of {@link #toString()}
 * @param contextWindow prompt plus completion tokens; null takes the server's limit
 * @param kind          {@code tgi}, {@code openai} or {@code tei}; null detects it
 */
public record ConnectionRequest(String apiKey, String endpoint, String modelName, Integer contextWindow,
                                String name, String kind, String promptBuilder) {

    public ConnectionRequest {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(modelName, "modelName");
    }

    /** The four fields of the credential. */
    public static ConnectionRequest of(String apiKey, String endpoint, String modelName, Integer contextWindow) {
        return new ConnectionRequest(apiKey, endpoint, modelName, contextWindow, null, null, null);
    }

    public ConnectionRequest withName(String name) {
        return new ConnectionRequest(apiKey, endpoint, modelName, contextWindow, name, kind, promptBuilder);
    }

    public ConnectionRequest withKind(String kind) {
        return new ConnectionRequest(apiKey, endpoint, modelName, contextWindow, name, kind, promptBuilder);
    }

    public ConnectionRequest withPromptBuilder(String promptBuilder) {
        return new ConnectionRequest(apiKey, endpoint, modelName, contextWindow, name, kind, promptBuilder);
    }

    /** The request body: the wire's snake_case names, null fields left out. */
    Map<String, Object> payload() {
        Map<String, Object> p = new LinkedHashMap<>();
        if (apiKey != null) p.put("api_key", apiKey);
        p.put("endpoint", endpoint);
        p.put("model_name", modelName);
        if (contextWindow != null) p.put("context_window", contextWindow);
        if (name != null) p.put("name", name);
        if (kind != null) p.put("kind", kind);
        if (promptBuilder != null) p.put("prompt_builder", promptBuilder);
        return p;
    }

    @Override
    public String toString() {
        // Never print the key itself: records end up in logs and exception messages.
        return "ConnectionRequest[apiKey=" + (apiKey == null ? "<none>" : "<set>") + ", endpoint=" + endpoint
                + ", modelName=" + modelName + ", contextWindow=" + contextWindow + ", name=" + name + ", kind=" + kind
                + ", promptBuilder=" + promptBuilder + "]";
    }
}
