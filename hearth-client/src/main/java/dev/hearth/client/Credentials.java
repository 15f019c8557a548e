package dev.hearth.client;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Where a Hugging Face token is found when none is given, in huggingface_hub's order: {@code HF_TOKEN}, then the token
 * file ({@code $HF_TOKEN_PATH}, else {@code $HF_HOME/token}, else {@code $XDG_CACHE_HOME/huggingface/token}, else
 * {@code ~/.cache/huggingface/token}). Reads only what it is given: the environment is a parameter, so callers
 * decide when it is read.
 */
public final class Credentials {

    private Credentials() {}

    /** The token from {@code HF_TOKEN} or the token file, if any (blank values count as absent). */
    public static Optional<String> huggingFaceToken(Map<String, String> env) {
        return nonBlank(env.get("HF_TOKEN")).or(() -> readTokenFile(tokenFile(env)));
    }

    /**
     * A Hearth token: {@code HEARTH_TOKEN}, else {@link #huggingFaceToken}. What clients use when given none.
     */
    public static Optional<String> hearthToken(Map<String, String> env) {
        return nonBlank(env.get("HEARTH_TOKEN")).or(() -> huggingFaceToken(env));
    }

    /** The token file huggingface_hub's {@code hf auth login} writes. */
    public static Path tokenFile(Map<String, String> env) {
        Optional<String> explicit = nonBlank(env.get("HF_TOKEN_PATH"));
        if (explicit.isPresent()) return Path.of(explicit.get());
        Optional<String> hfHome = nonBlank(env.get("HF_HOME"));
        if (hfHome.isPresent()) return Path.of(hfHome.get(), "token");
        String cache = nonBlank(env.get("XDG_CACHE_HOME")).orElse(System.getProperty("user.home") + "/.cache");
        return Path.of(cache, "huggingface", "token");
    }

    private static Optional<String> readTokenFile(Path file) {
        try {
            return Files.isRegularFile(file) ? nonBlank(Files.readString(file)) : Optional.empty();
        } catch (IOException | SecurityException e) {
            return Optional.empty(); // an unreadable token file is the same as none: requests go without a token
        }
    }

    static Optional<String> nonBlank(String s) {
        return s == null || s.isBlank() ? Optional.empty() : Optional.of(s.strip());
    }
}
