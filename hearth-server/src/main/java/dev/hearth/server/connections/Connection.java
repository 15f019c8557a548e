package dev.hearth.server.connections;

import java.time.Instant;

/**
 * A connection as stored, with its key opened. Only {@link ConnectionView} leaves the server: the key never does.
 *
 * @param kind        null while a server whose kind was not given has not yet answered (it was waking)
 * @param kindGiven   the user named the kind, so a re-check does not detect it again
 * @param apiKey      the plain key, sent as {@code Authorization: Bearer}; null when the server needs none
 * @param contextWindow what the user said (or, when left out, the server's limit); null when neither is known
 * @param servedModel the model the server says it serves (TGI's {@code model_id}); null when unknown
 * @param promptBuilder the EasyLLM prompt builder chat is rendered with for TGI's {@code /generate}; null to use the
 *                      server's own chat route
 */
public record Connection(
        String namespace,
        String name,
        ConnectionKind kind,
        boolean kindGiven,
        String endpoint,
        String modelName,
        Integer contextWindow,
        String apiKey,
        String task,
        String servedModel,
        Integer maxTotalTokens,
        ConnectionState state,
        String lastError,
        Instant checkedAt,
        Instant createdAt,
        Instant updatedAt,
        String createdBy,
        String promptBuilder) {

    /** Never prints the key: connections may reach logs. */
    @Override
    public String toString() {
        return "Connection[" + namespace + "/" + name + ", " + endpoint + ", " + modelName + ", " + state + "]";
    }

    /**
     * The server's base URL without a trailing {@code /} or {@code /v1}: OpenAI-compatible URLs are often pasted with
     * their {@code /v1}, and every route Hearth calls is spelled from the root.
     */
    public String base() {
        return baseOf(endpoint);
    }

    static String baseOf(String endpoint) {
        String b = endpoint.strip();
        while (b.endsWith("/")) b = b.substring(0, b.length() - 1);
        if (b.endsWith("/v1")) b = b.substring(0, b.length() - 3);
        return b;
    }

    /** What answers show of a key: the first 3 and last 4 characters when it has at least 12, else only {@code …}. */
    public static String hint(String key) {
        if (key == null || key.isEmpty()) return null;
        return key.length() >= 12 ? key.substring(0, 3) + "…" + key.substring(key.length() - 4) : "…";
    }
}
