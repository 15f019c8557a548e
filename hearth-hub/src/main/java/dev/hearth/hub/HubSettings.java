package dev.hearth.hub;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Where the Hub is, where its cache lives, and who we are: the same environment variables huggingface_hub reads.
 *
 * @param endpoint the Hub or a mirror, without a trailing slash ({@code HF_ENDPOINT}, default https://huggingface.co)
 * @param cacheDir the hub cache holding {@code models--org--name} folders ({@code HF_HUB_CACHE}, else
 *                 {@code HUGGINGFACE_HUB_CACHE}, else {@code $HF_HOME/hub}, with {@code HF_HOME} defaulting to
 *                 {@code $XDG_CACHE_HOME/huggingface}, else {@code ~/.cache/huggingface})
 * @param token    the bearer token, or null ({@code HF_TOKEN}, else the token file {@code huggingface-cli login} wrote)
 * @param offline  {@code HF_HUB_OFFLINE=1} (or {@code TRUE}, {@code ON}, {@code YES}; else {@code TRANSFORMERS_OFFLINE}):
 *                 serve only from the cache, never touch the network
 * @param timeout  connect timeout, and the longest wait for the next bytes of a response
 */
public record HubSettings(URI endpoint, Path cacheDir, String token, boolean offline, Duration timeout) {

    public static final String DEFAULT_ENDPOINT = "https://huggingface.co";

    public HubSettings {
        String e = endpoint.toString();
        if (e.endsWith("/")) endpoint = URI.create(e.substring(0, e.length() - 1));
        if (token != null && token.isBlank()) token = null;
    }

    /** The public Hub, without a token, online, with this cache: for tests and embedders that choose the cache. */
    public static HubSettings forCache(Path cacheDir) {
        return new HubSettings(URI.create(DEFAULT_ENDPOINT), cacheDir, null, false, Duration.ofSeconds(30));
    }

    /** Settings from this process's environment and home folder: for composition roots (commands, mains) only. */
    public static HubSettings fromEnvironment() {
        return fromEnvironment(System.getenv(), Path.of(System.getProperty("user.home")));
    }

    /**
     * Settings from the given environment, as huggingface_hub's {@code constants.py} computes them. This is the one
     * place in Hearth that reads these variables: the control plane, the generation worker and the embedding worker
     * all get their cache and offline mode from here, so they always agree.
     *
     * <ul>
     *   <li>{@code HF_HOME}, else {@code $XDG_CACHE_HOME/huggingface}, else {@code ~/.cache/huggingface};</li>
     *   <li>the cache: {@code HF_HUB_CACHE}, else the legacy {@code HUGGINGFACE_HUB_CACHE}, else
     *       {@code $HF_HOME/hub};</li>
     *   <li>the token file: {@code HF_TOKEN_PATH}, else {@code $HF_HOME/token}; {@code HF_TOKEN} beats it;</li>
     *   <li>offline: {@code HF_HUB_OFFLINE}, or when that is unset or empty {@code TRANSFORMERS_OFFLINE}, is one of
     *       {@code 1 ON YES TRUE} in any letter case (so {@code HF_HUB_OFFLINE=0} wins over
     *       {@code TRANSFORMERS_OFFLINE=1}, as in Python's {@code a or b});</li>
     *   <li>{@code HF_ENDPOINT}, else the public Hub, trailing slash removed.</li>
     * </ul>
     * A leading {@code ~/} in a path is the given {@code home}. Blank values count as unset.
     */
    public static HubSettings fromEnvironment(Map<String, String> env, Path home) {
        Path hfHome = Optional.ofNullable(blankToNull(env.get("HF_HOME"))).map(p -> expand(p, home))
                .orElseGet(() -> Optional.ofNullable(blankToNull(env.get("XDG_CACHE_HOME"))).map(p -> expand(p, home))
                        .orElse(home.resolve(".cache")).resolve("huggingface"));
        Path cache = Optional.ofNullable(blankToNull(env.get("HF_HUB_CACHE")))
                .or(() -> Optional.ofNullable(blankToNull(env.get("HUGGINGFACE_HUB_CACHE")))) // the legacy name
                .map(p -> expand(p, home)).orElse(hfHome.resolve("hub"));
        Path tokenFile = Optional.ofNullable(blankToNull(env.get("HF_TOKEN_PATH"))).map(p -> expand(p, home))
                .orElse(hfHome.resolve("token"));
        String token = blankToNull(env.get("HF_TOKEN"));
        if (token == null) token = readToken(tokenFile);
        String endpoint = Optional.ofNullable(blankToNull(env.get("HF_ENDPOINT"))).orElse(DEFAULT_ENDPOINT);
        String offline = Optional.ofNullable(emptyToNull(env.get("HF_HUB_OFFLINE"))).orElse(env.get("TRANSFORMERS_OFFLINE"));
        return new HubSettings(URI.create(endpoint), cache, token == null ? null : token.strip(), isTrue(offline),
                Duration.ofSeconds(30));
    }

    public HubSettings withEndpoint(URI endpoint) {
        return new HubSettings(endpoint, cacheDir, token, offline, timeout);
    }

    public HubSettings withCacheDir(Path cacheDir) {
        return new HubSettings(endpoint, cacheDir, token, offline, timeout);
    }

    public HubSettings withToken(String token) {
        return new HubSettings(endpoint, cacheDir, token, offline, timeout);
    }

    public HubSettings withOffline(boolean offline) {
        return new HubSettings(endpoint, cacheDir, token, offline, timeout);
    }

    /** The cache at {@link #cacheDir()}. */
    public HubCache cache() {
        return new HubCache(cacheDir);
    }

    /** Never prints the token itself. */
    @Override
    public String toString() {
        return "HubSettings[endpoint=" + endpoint + ", cacheDir=" + cacheDir + ", token=" + (token == null ? "none" : "set")
                + ", offline=" + offline + ", timeout=" + timeout + "]";
    }

    private static String readToken(Path file) {
        if (!Files.isRegularFile(file)) return null;
        try {
            return blankToNull(Files.readString(file, StandardCharsets.UTF_8).strip());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the Hub token file " + file, e);
        }
    }

    /** huggingface_hub's truthy values for boolean variables. */
    private static boolean isTrue(String value) {
        return value != null && switch (value.strip().toUpperCase(java.util.Locale.ROOT)) {
            case "1", "ON", "YES", "TRUE" -> true;
            default -> false;
        };
    }

    private static Path expand(String path, Path home) {
        if (path.equals("~")) return home;
        return path.startsWith("~/") ? home.resolve(path.substring(2)) : Path.of(path);
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
