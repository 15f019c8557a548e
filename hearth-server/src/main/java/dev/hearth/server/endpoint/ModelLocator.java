package dev.hearth.server.endpoint;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Finds the model an endpoint's {@code model.repository} names: a local GGUF file or a folder holding one, or a Hub
 * repository id already in the local Hugging Face cache ({@code models--org--name/snapshots/<commit>}), resolved
 * through {@code refs/<revision>} as {@code huggingface_hub} does.
 */
public final class ModelLocator {

    private static final Pattern REPO_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,95}(/[A-Za-z0-9][A-Za-z0-9._-]{0,95})?");
    private static final byte[] GGUF_MAGIC = {'G', 'G', 'U', 'F'};

    private final Path hubCache;
    private final boolean offline;

    public ModelLocator(Path hubCache) {
        this(hubCache, "1".equals(System.getenv("HF_HUB_OFFLINE")));
    }

    /** @param offline HF_HUB_OFFLINE: a Hub id must then already be in the cache */
    public ModelLocator(Path hubCache, boolean offline) {
        this.hubCache = hubCache;
        this.offline = offline;
    }

    /** HF_HUB_CACHE, else HF_HOME/hub, else ~/.cache/huggingface/hub: the same order huggingface_hub uses. */
    public static Path defaultHubCache(Map<String, String> env) {
        if (env.get("HF_HUB_CACHE") != null) return Path.of(env.get("HF_HUB_CACHE"));
        if (env.get("HF_HOME") != null) return Path.of(env.get("HF_HOME"), "hub");
        String xdg = env.get("XDG_CACHE_HOME");
        Path cache = xdg != null ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return cache.resolve("huggingface").resolve("hub");
    }

    /**
     * The GGUF file or folder to serve.
     *
     * @throws IllegalArgumentException with a message for the user when nothing servable is found
     */
    /**
     * The model to serve, or empty when {@code repository} is a Hub id the replica must download first (it is not
     * in the local cache, and the installation is not offline).
     */
    public java.util.Optional<Path> locateOrDownload(String repository, String revision) {
        try {
            return java.util.Optional.of(locate(repository, revision));
        } catch (NotInCache e) {
            if (offline) throw new IllegalArgumentException(e.getMessage() + " (HF_HUB_OFFLINE=1)");
            return java.util.Optional.empty();
        }
    }

    /** A Hub id that is not in the local cache. */
    static final class NotInCache extends IllegalArgumentException {
        NotInCache(String message) {
            super(message);
        }
    }

    public Path locate(String repository, String revision) {
        if (repository == null || repository.isBlank()) throw new IllegalArgumentException("model.repository is required");
        if (repository.indexOf('\0') >= 0 || repository.length() > 1024) {
            throw new IllegalArgumentException("model.repository is not a valid path or repository id");
        }
        Path local = Path.of(repository);
        if (Files.exists(local)) return servable(local, repository);
        if (REPO_ID.matcher(repository).matches() && !repository.contains("..")) {
            Optional<Path> snapshot = snapshot(repository, revision);
            if (snapshot.isPresent()) return servable(snapshot.get(), repository);
            throw new NotInCache("model.repository \"" + repository + "\" is not a local path and is not in the "
                    + "Hugging Face cache at " + hubCache + " (revision " + (revision == null ? "main" : revision)
                    + "); download it first (e.g. huggingface-cli download " + repository + ") or give a path to a GGUF file");
        }
        throw new IllegalArgumentException("model.repository \"" + repository + "\" does not exist");
    }

    private Optional<Path> snapshot(String repoId, String revision) {
        Path repo = hubCache.resolve("models--" + repoId.replace("/", "--"));
        String ref = revision == null || revision.isBlank() ? "main" : revision;
        if (!ref.matches("[A-Za-z0-9._/-]{1,128}") || ref.contains("..")) return Optional.empty();
        try {
            Path refFile = repo.resolve("refs").resolve(ref);
            String commit = Files.isRegularFile(refFile) ? Files.readString(refFile).strip() : ref;
            if (!commit.matches("[0-9a-f]{40}")) return Optional.empty();
            Path snapshot = repo.resolve("snapshots").resolve(commit);
            return Files.isDirectory(snapshot) ? Optional.of(snapshot) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static Path servable(Path path, String repository) {
        if (Files.isRegularFile(path)) {
            if (!isGguf(path)) throw new IllegalArgumentException("model.repository \"" + repository + "\" is not a GGUF file");
            return path;
        }
        if (Files.isDirectory(path)) {
            try (var files = Files.list(path)) {
                if (files.anyMatch(p -> p.getFileName().toString().toLowerCase().endsWith(".gguf") && isGguf(p))) return path;
            } catch (IOException e) {
                throw new IllegalArgumentException("model.repository \"" + repository + "\" cannot be read: " + e.getMessage());
            }
            if (Files.isRegularFile(path.resolve("config.json"))) {
                // A safetensors model: the worker converts it; refuse now what the converter cannot read.
                try {
                    dev.hearth.convert.Converter.inspect(path);
                } catch (RuntimeException e) {
                    throw new IllegalArgumentException("model.repository \"" + repository + "\" cannot be served: " + e.getMessage());
                }
                return path;
            }
            throw new IllegalArgumentException("model.repository \"" + repository + "\" holds no GGUF file and no config.json");
        }
        throw new IllegalArgumentException("model.repository \"" + repository + "\" is neither a file nor a folder");
    }

    static boolean isGguf(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return Arrays.equals(in.readNBytes(4), GGUF_MAGIC);
        } catch (IOException e) {
            return false;
        }
    }
}
