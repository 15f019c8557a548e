package dev.hearth.server.auth;

import java.time.Instant;

/**
 * What may be shown about a token: never the token nor its hash.
 *
 * @param id         12 hex characters, random, what {@code DELETE /v2/tokens/{id}} and {@code hearth tokens revoke} take
 * @param fromEnv    registered from HEARTH_ADMIN_TOKEN; the next start with another value (or none) retires it
 * @param lastUsedAt when a request last used it, to about a minute; null when never
 */
public record TokenInfo(String id, String namespace, boolean admin, String label, boolean fromEnv, Instant createdAt,
                        Instant lastUsedAt) {}
