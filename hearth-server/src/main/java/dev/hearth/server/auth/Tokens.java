package dev.hearth.server.auth;

import dev.hearth.server.store.TokenRepository;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;

/**
 * API tokens: random, shown once, stored only as a SHA-256 hash. A token grants one namespace, or every namespace
 * when it is an administrator's.
 */
public final class Tokens implements TokenVerifier {

    private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".toCharArray();

    /** Verified tokens, by hash, for a few seconds: the gateway checks a token on every request. */
    private record Cached(Optional<Principal> principal, long until) {}

    private static final long CACHE_NANOS = 5_000_000_000L;

    private final TokenRepository repository;
    private final SecureRandom random = new SecureRandom();
    private final java.util.concurrent.ConcurrentHashMap<String, Cached> cache = new java.util.concurrent.ConcurrentHashMap<>();

    public Tokens(TokenRepository repository) {
        this.repository = repository;
    }

    /** Creates a token for {@code namespace} and returns it; only its hash is kept. */
    public String create(String namespace, boolean admin, String label) {
        StringBuilder token = new StringBuilder("hearth_");
        for (int i = 0; i < 40; i++) token.append(ALPHABET[random.nextInt(ALPHABET.length)]);
        repository.insert(hash(token.toString()), namespace, admin, label);
        cache.remove(hash(token.toString()));
        return token.toString();
    }

    /** Registers a token chosen elsewhere (HEARTH_ADMIN_TOKEN), idempotently. */
    public void register(String token, String namespace, boolean admin, String label) {
        repository.insert(hash(token), namespace, admin, label);
        cache.remove(hash(token));
    }

    public boolean hasAdmin() {
        return repository.anyAdmin();
    }

    /**
     * The token's principal. Answers (known or unknown) are cached for five seconds, so a token created with
     * {@code hearth tokens create} works within that time, and the store is read at most once per token per period.
     */
    @Override
    public Optional<Principal> verify(String token) {
        if (token == null || token.isBlank() || token.length() > 512) return Optional.empty();
        String hash = hash(token);
        long now = System.nanoTime();
        Cached hit = cache.get(hash);
        if (hit != null && hit.until() - now > 0) return hit.principal();
        Optional<Principal> principal = repository.find(hash).map(row -> new Principal(row.namespace(), row.admin()));
        if (cache.size() > 10_000) cache.clear(); // bounded: random tokens must not grow it without limit
        cache.put(hash, new Cached(principal, now + CACHE_NANOS));
        return principal;
    }

    static String hash(String token) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The token of an {@code Authorization: Bearer <token>} header, or null. */
    public static String bearer(String header) {
        if (header == null) return null;
        String h = header.strip();
        return h.regionMatches(true, 0, "Bearer ", 0, 7) ? h.substring(7).strip() : null;
    }
}
