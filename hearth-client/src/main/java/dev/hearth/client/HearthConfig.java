package dev.hearth.client;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the control plane is and how to authenticate to it.
 *
 * <p>Resolution, first match wins. Base URL: the argument, {@code HEARTH_URL}, {@code http://localhost:8080}.
 * Token: the argument, {@code HEARTH_TOKEN}, {@code HF_TOKEN}, the Hugging Face token file (see {@link Credentials}).
 * The environment is read once, when the configuration is made.
 *
 * @param baseUrl        the server's base, without {@code /v2} (e.g. {@code http://localhost:8080})
 * @param token          the bearer token; empty sends no {@code Authorization} header
 * @param requestTimeout how long one control-plane request may take
 */
public record HearthConfig(URI baseUrl, Optional<String> token, Duration requestTimeout) {

    /** Where {@code ./hearth up} listens by default. */
    public static final String DEFAULT_URL = "http://localhost:8080";

    public HearthConfig {
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        String s = baseUrl.toString();
        if (!s.startsWith("http://") && !s.startsWith("https://")) {
            throw new IllegalArgumentException("the Hearth URL must start with http:// or https://, not \"" + s + "\"");
        }
        // Paths are appended to the base, so it never ends with a slash.
        baseUrl = URI.create(s.replaceAll("/+$", ""));
    }

    /** From {@code HEARTH_URL} / {@code HEARTH_TOKEN} / {@code HF_TOKEN} / the token file. */
    public static HearthConfig fromEnvironment() {
        return resolve(null, null, System.getenv());
    }

    /** The given URL and token where not null, the environment for the rest. */
    public static HearthConfig resolve(String url, String token) {
        return resolve(url, token, System.getenv());
    }

    /** As {@link #resolve(String, String)}, with the environment given (for tests and embedding). */
    public static HearthConfig resolve(String url, String token, Map<String, String> env) {
        String base = Credentials.nonBlank(url).or(() -> Credentials.nonBlank(env.get("HEARTH_URL"))).orElse(DEFAULT_URL);
        Optional<String> t = Credentials.nonBlank(token).or(() -> Credentials.hearthToken(env));
        return new HearthConfig(URI.create(base), t, Duration.ofSeconds(60));
    }

    public HearthConfig withRequestTimeout(Duration timeout) {
        return new HearthConfig(baseUrl, token, timeout);
    }

    /** The base URL joined with a path that starts with {@code /}. */
    public URI resolvePath(String path) {
        return URI.create(baseUrl + path);
    }

    @Override
    public String toString() {
        // Never print the token itself.
        return "HearthConfig[baseUrl=" + baseUrl + ", token=" + (token.isPresent() ? "<set>" : "<none>")
                + ", requestTimeout=" + requestTimeout + "]";
    }
}
