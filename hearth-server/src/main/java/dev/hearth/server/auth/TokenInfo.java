package dev.hearth.server.auth;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What may be shown about a token: never the token nor its hash.
 *
 * @param id         12 hex characters, random, what {@code DELETE /v2/tokens/{id}} and {@code hearth tokens revoke} take
 * @param fromEnv    registered from HEARTH_ADMIN_TOKEN; the next start with another value (or none) retires it
 * @param lastUsedAt when a request last used it, to about a minute; null when never
 */
public record TokenInfo(String id, String namespace, boolean admin, String label, boolean fromEnv, Instant createdAt,
                        Instant lastUsedAt) {

    /** The one JSON view of a token, for the API and {@code hearth tokens list --json} alike. */
    public Map<String, Object> view() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("namespace", namespace);
        m.put("admin", admin);
        m.put("label", label);
        m.put("fromEnv", fromEnv);
        m.put("createdAt", createdAt.toString());
        m.put("lastUsedAt", lastUsedAt == null ? null : lastUsedAt.toString());
        return m;
    }
}
