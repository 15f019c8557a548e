package dev.hearth.server.auth;

import dev.hearth.server.store.TokenRepository;
import dev.hearth.server.store.TokenRepository.TokenRow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * API tokens: random, shown once, stored only as a SHA-256 hash. A token grants one namespace, or every namespace
 * when it is an administrator's. Unsalted SHA-256 is enough here because tokens are 40 random characters from 62
 * (about 238 bits): there is no dictionary to try, and a fast hash keeps verification cheap on every request.
 */
public final class Tokens implements TokenVerifier {

    private static final Logger log = LoggerFactory.getLogger(Tokens.class);
    private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".toCharArray();
    public static final String ENV_LABEL = "HEARTH_ADMIN_TOKEN";

    /** A token just created: the token itself (shown this once) and what may be shown about it later. */
    public record NewToken(String token, TokenInfo info) {}

    /** No token has the id asked for. The message never repeats the id: people paste tokens where ids go. */
    public static final class UnknownToken extends RuntimeException {
        UnknownToken() {
            super("No token has this id (ids are the 12 characters `hearth tokens list` shows)", null, false, false);
        }
    }

    /** Verified tokens, by hash, for a few seconds: the gateway checks a token on every request. */
    private record Cached(Optional<Principal> principal, long until) {}

    private static final long CACHE_NANOS = 5_000_000_000L;
    /** last_used_at is written at most this often per token, so verification stays a read nearly always. */
    private static final Duration TOUCH_EVERY = Duration.ofMinutes(1);

    private final TokenRepository repository;
    private final SecureRandom random = new SecureRandom();
    private final ConcurrentHashMap<String, Cached> cache = new ConcurrentHashMap<>();
    /**
     * Raised by every revocation after its delete. A verification caches its answer only if no revocation happened
     * while it read the store, so an answer read before a delete cannot be cached after the revocation cleared it.
     */
    private final AtomicLong revocations = new AtomicLong();

    public Tokens(TokenRepository repository) {
        this.repository = repository;
    }

    /** Creates a token for {@code namespace} and returns it; only its hash is kept. */
    public String create(String namespace, boolean admin, String label) {
        return issue(namespace, admin, label).token();
    }

    /** Creates a token; the answer holds the token, which is not kept and cannot be shown again. */
    public NewToken issue(String namespace, boolean admin, String label) {
        StringBuilder token = new StringBuilder("hearth_");
        for (int i = 0; i < 40; i++) token.append(ALPHABET[random.nextInt(ALPHABET.length)]);
        String hash = hash(token.toString());
        repository.insert(newId(), hash, namespace, admin, label, false);
        cache.remove(hash);
        return new NewToken(token.toString(), info(repository.find(hash).orElseThrow()));
    }

    /** Registers HEARTH_ADMIN_TOKEN, idempotently (it keeps its id across starts), marked as from the environment. */
    public void registerFromEnv(String token, String namespace) {
        repository.insert(newId(), hash(token), namespace, true, ENV_LABEL, true);
        cache.remove(hash(token));
    }

    /**
     * Deletes the tokens an earlier HEARTH_ADMIN_TOKEN registered unless they are {@code current}: changing the
     * variable (or unsetting it) retires the old token. Tokens created by the first start or by {@code hearth tokens
     * create} are not from the environment and stay.
     */
    public List<TokenInfo> retireEnvTokensExcept(Optional<String> current) {
        List<TokenRow> retired = repository.deleteFromEnvExcept(current.map(Tokens::hash).orElse(null));
        revoked(retired);
        return retired.stream().map(Tokens::info).toList();
    }

    public boolean hasAdmin() {
        return repository.anyAdmin();
    }

    /** Every token, oldest first, without token or hash. */
    public List<TokenInfo> list() {
        return repository.all().stream().map(Tokens::info).toList();
    }

    /** Deletes the token with {@code id}; from now on this server refuses it (its cache entry is dropped). */
    public TokenInfo revoke(String id) {
        if (id == null || !id.matches("[0-9a-f]{12}")) throw new UnknownToken();
        TokenRow row = repository.findById(id).orElseThrow(UnknownToken::new);
        if (!repository.delete(id)) throw new UnknownToken();
        revoked(List.of(row));
        return info(row);
    }

    private void revoked(List<TokenRow> rows) {
        revocations.incrementAndGet();
        rows.forEach(r -> cache.remove(r.hash()));
    }

    /**
     * The token's principal. Answers (known or unknown) are cached for five seconds, so the store is read at most
     * once per token per period; a token created or revoked through this instance takes effect at once, one created
     * or revoked by another process (the CLI writes the store directly) within those five seconds.
     */
    @Override
    public Optional<Principal> verify(String token) {
        if (token == null || token.isBlank() || token.length() > 512) return Optional.empty();
        return verifyHash(hash(token));
    }

    /**
     * The principal of the token whose SHA-256 is {@code hash}, as {@link #verify} answers it: what a dashboard
     * session keeps instead of the token, so that a revoked token ends its sessions too.
     */
    public Optional<Principal> verifyHash(String hash) {
        long now = System.nanoTime();
        Cached hit = cache.get(hash);
        if (hit != null && hit.until() - now > 0) return hit.principal();
        long basis = revocations.get();
        Optional<TokenRow> row = repository.find(hash);
        row.ifPresent(this::touch);
        Optional<Principal> principal = row.map(r -> new Principal(r.namespace(), r.admin()));
        if (cache.size() > 10_000) cache.clear(); // bounded: random tokens must not grow it without limit
        if (revocations.get() == basis) cache.put(hash, new Cached(principal, now + CACHE_NANOS));
        return principal;
    }

    private void touch(TokenRow row) {
        Instant now = Instant.now();
        if (row.lastUsedAt() != null && row.lastUsedAt().plus(TOUCH_EVERY).isAfter(now)) return;
        try {
            repository.touch(row.hash(), now);
        } catch (RuntimeException e) {
            log.debug("could not record the use of token {}: {}", row.id(), e.toString()); // the request goes on
        }
    }

    private String newId() {
        byte[] id = new byte[6];
        random.nextBytes(id);
        return HexFormat.of().formatHex(id);
    }

    private static TokenInfo info(TokenRow r) {
        return new TokenInfo(r.id(), r.namespace(), r.admin(), r.label(), r.fromEnv(), r.createdAt(), r.lastUsedAt());
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
