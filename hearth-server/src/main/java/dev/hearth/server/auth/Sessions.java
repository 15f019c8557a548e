package dev.hearth.server.auth;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Browser sessions of the dashboard: signing in with a token gives a random session id (the cookie's value) and a
 * random CSRF token (which the page sends back in a header on every state-changing request).
 *
 * <p>Nothing here holds a secret in clear: sessions are keyed by the SHA-256 of their id, and a session keeps the
 * SHA-256 of its token, never the token; every use verifies that hash again through {@link Tokens}, so revoking a
 * token ends its sessions at once. Sessions live in memory only: a restart signs everyone out. Idle sessions expire
 * after {@link #IDLE}; the map is bounded so that sign-ins cannot grow it without limit.
 */
public final class Sessions {

    public static final String COOKIE = "hearth_session";
    public static final String CSRF_HEADER = "X-CSRF-Token";
    static final Duration IDLE = Duration.ofHours(12);
    private static final int MAX_SESSIONS = 10_000;

    /** A signed-in browser: who it is, and the CSRF token its page must send back. */
    public record Session(Principal principal, String csrf) {}

    /** Why a cookie did not authenticate a request. */
    public enum Refusal { NO_SESSION, EXPIRED_OR_REVOKED, CSRF }

    /** The outcome of {@link #authenticate}: a session, or the reason there is none. */
    public record Check(Session session, Refusal refusal) {
        public Optional<Principal> principal() {
            return Optional.ofNullable(session).map(Session::principal);
        }
    }

    private record Entry(String tokenHash, String csrf, Instant lastUsed) {}

    private final Tokens tokens;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Entry> byIdHash = new ConcurrentHashMap<>();

    public Sessions(Tokens tokens, Clock clock) {
        this.tokens = tokens;
        this.clock = clock;
    }

    /** A new session for a valid token: its id (for the cookie) and the session; empty for an unknown token. */
    public Optional<Map.Entry<String, Session>> signIn(String token) {
        Optional<Principal> p = tokens.verify(token);
        if (p.isEmpty()) return Optional.empty();
        if (byIdHash.size() >= MAX_SESSIONS) expire();
        if (byIdHash.size() >= MAX_SESSIONS) byIdHash.clear(); // still full of live sessions: sign everyone out
        String id = randomToken();
        String csrf = randomToken();
        byIdHash.put(Tokens.hash(id), new Entry(Tokens.hash(token), csrf, clock.instant()));
        return Optional.of(Map.entry(id, new Session(p.get(), csrf)));
    }

    /**
     * The session a cookie names, for a request that changes state ({@code stateChanging}) only when it carries the
     * session's CSRF token in {@link #CSRF_HEADER}.
     */
    public Check authenticate(String sessionId, String csrfHeader, boolean stateChanging) {
        if (sessionId == null || sessionId.isBlank() || sessionId.length() > 200) return new Check(null, Refusal.NO_SESSION);
        String key = Tokens.hash(sessionId);
        Entry e = byIdHash.get(key);
        if (e == null) return new Check(null, Refusal.NO_SESSION);
        Instant now = clock.instant();
        Optional<Principal> p = e.lastUsed().plus(IDLE).isBefore(now) ? Optional.empty() : tokens.verifyHash(e.tokenHash());
        if (p.isEmpty()) {
            byIdHash.remove(key);
            return new Check(null, Refusal.EXPIRED_OR_REVOKED);
        }
        if (stateChanging && (csrfHeader == null || !java.security.MessageDigest.isEqual(
                csrfHeader.getBytes(java.nio.charset.StandardCharsets.UTF_8), e.csrf().getBytes(java.nio.charset.StandardCharsets.UTF_8)))) {
            return new Check(null, Refusal.CSRF);
        }
        byIdHash.replace(key, e, new Entry(e.tokenHash(), e.csrf(), now));
        return new Check(new Session(p.get(), e.csrf()), null);
    }

    /** Forgets the session (sign out); a later request with its cookie is unauthenticated. */
    public void signOut(String sessionId) {
        if (sessionId != null && sessionId.length() <= 200) byIdHash.remove(Tokens.hash(sessionId));
    }

    private void expire() {
        Instant cutoff = clock.instant().minus(IDLE);
        byIdHash.values().removeIf(e -> e.lastUsed().isBefore(cutoff));
    }

    private String randomToken() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
