package dev.hearth.client;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * What the server said about a connection. The server never sends the key, only {@code keyHint}
 * ({@code hf_…x9Q2}), so no field here can hold it.
 *
 * @param kind          {@code tgi}, {@code openai} or {@code tei}; null while a waking server's kind is unknown
 * @param contextWindow the given one, else the server's limit; null when neither is known
 * @param state         {@code ready}, {@code waking}, {@code unreachable} or {@code unauthorized}, as the last check found
 * @param lastError     why the last check did not find it ready (for {@code waking}, the server's estimate); else null
 * @param raw           the whole answer; {@link #raw()} returns a copy, so this record stays immutable
 */
public record ConnectionInfo(
        String name,
        String namespace,
        String kind,
        String endpoint,
        String modelName,
        Integer contextWindow,
        String keyHint,
        String task,
        String servedModel,
        Integer maxTotalTokens,
        String state,
        String lastError,
        Instant checkedAt,
        Instant createdAt,
        Instant updatedAt,
        JsonNode raw) {

    public ConnectionInfo {
        raw = raw.deepCopy();
    }

    @Override
    public JsonNode raw() {
        return raw.deepCopy();
    }

    /** True when the last check found the server serving the model with the key. */
    public boolean ready() {
        return "ready".equals(state);
    }

    /** Reads a connection object ({@code ConnectionView} on the server). */
    public static ConnectionInfo parse(JsonNode c) {
        JsonNode status = c.path("status");
        if (!c.path("name").isTextual() || !status.path("state").isTextual()) {
            throw new IllegalStateException("the server's connection object lacks \"name\" or \"status.state\": " + c);
        }
        return new ConnectionInfo(c.get("name").asText(), text(c.path("namespace")), text(c.path("kind")),
                text(c.path("endpoint")), text(c.path("model_name")), integer(c.path("context_window")),
                text(c.path("api_key_hint")), text(c.path("task")), text(c.path("served_model")),
                integer(c.path("max_total_tokens")), status.get("state").asText(), text(status.path("lastError")),
                instant(status.path("checkedAt")), instant(status.path("createdAt")), instant(status.path("updatedAt")), c);
    }

    private static String text(JsonNode n) {
        return n.isTextual() ? n.asText() : null;
    }

    private static Integer integer(JsonNode n) {
        return n.canConvertToInt() && n.isIntegralNumber() ? n.asInt() : null;
    }

    private static Instant instant(JsonNode n) {
        if (!n.isTextual()) return null;
        try {
            return Instant.parse(n.asText());
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
