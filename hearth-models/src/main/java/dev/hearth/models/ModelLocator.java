package dev.hearth.models;

import dev.hearth.hub.HubCache;
import dev.hearth.hub.HubSettings;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Tells what a {@code --model} or {@code model.repository} string names, and whether Hearth can serve it, without the
 * network and without loading any runtime: the control plane's check at create time, and the worker's choice of
 * runtime, are this one answer.
 *
 * <p>In order: an existing path (an {@code .onnx} file or a folder with an ONNX export and tokenizer.json → embedding;
 * a GGUF file or a folder holding one; a folder with config.json → safetensors, if its architecture converts); else
 * a Hub repository id, looked up in the Hugging Face cache of {@link HubSettings} (its {@code refs/<revision>} then
 * {@code snapshots/<commit>}, as huggingface_hub does) and judged as the snapshot folder; else the built-in embedding
 * id; else, online, a Hub id still to download.
 */
public final class ModelLocator {

    private static final Pattern REPO_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,95}(/[A-Za-z0-9][A-Za-z0-9._-]{0,95})?");
    private static final Pattern REVISION = Pattern.compile("[A-Za-z0-9._/-]{1,128}");
    private static final Pattern COMMIT = Pattern.compile("[A-Za-z0-9]{1,64}");
    private static final byte[] GGUF_MAGIC = {'G', 'G', 'U', 'F'};

    private final HubCache cache;
    private final boolean offline;
    private final boolean relativePaths;

    /**
     * Looks Hub ids up in {@code hub}'s cache; offline ({@code HF_HUB_OFFLINE}), a Hub id must be there. A relative
     * path is taken as a local path when it exists (for commands run from a shell).
     */
    public ModelLocator(HubSettings hub) {
        this(hub, true);
    }

    /**
     * @param relativePaths whether a relative path names a local file or folder. A server says no: relative to its
     *                      working directory a path means nothing to a remote caller, and {@code org/name} must always
     *                      be the Hub id it looks like, never a folder that happens to exist there.
     */
    public ModelLocator(HubSettings hub, boolean relativePaths) {
        this.cache = hub.cache();
        this.offline = hub.offline();
        this.relativePaths = relativePaths;
    }

    public Path cacheDir() {
        return cache.cacheDir();
    }

    /**
     * What {@code model} names at {@code revision} (null: {@code main}).
     *
     * @throws UnservableModelException with a message for the user when it names nothing Hearth can serve
     */
    public LocatedModel locate(String model, String revision) {
        if (model == null || model.isBlank()) throw new UnservableModelException("no model given");
        if (model.indexOf('\0') >= 0 || model.length() > 1024) {
            throw new UnservableModelException("\"" + model + "\" is not a valid path or repository id");
        }
        Optional<Path> local = existingPath(model);
        if (local.isPresent()) return judge(local.get(), model);
        if (REPO_ID.matcher(model).matches() && !model.contains("..")) {
            Optional<Path> snapshot = snapshot(model, revision);
            if (snapshot.isPresent()) return judge(snapshot.get(), model);
            if (LocatedModel.BuiltInEmbedding.matches(model)) return new LocatedModel.BuiltInEmbedding(model);
            String rev = revision == null || revision.isBlank() ? "main" : revision;
            if (offline) {
                throw new UnservableModelException("\"" + model + "\" is not a local path and is not in the Hugging Face "
                        + "cache at " + cache.cacheDir() + " (revision " + rev + "), and HF_HUB_OFFLINE=1 forbids "
                        + "downloading it; download it first (hearth download " + model + ") or give a path");
            }
            return new LocatedModel.NotDownloaded(model, rev);
        }
        throw new UnservableModelException("\"" + model + "\" does not exist");
    }

    /** Whether {@code model} is an embedding model Hearth serves (see {@link LocatedModel#isEmbedding()}); never throws. */
    public boolean isEmbeddingModel(String model) {
        return embedding(model, null).isPresent();
    }

    /** {@code model} at {@code revision} when it is an embedding model Hearth serves; else empty. Never throws. */
    public Optional<LocatedModel> embedding(String model, String revision) {
        try {
            LocatedModel m = locate(model, revision);
            return m.isEmbedding() ? Optional.of(m) : Optional.empty();
        } catch (UnservableModelException e) {
            return Optional.empty();
        }
    }

    private Optional<Path> existingPath(String model) {
        try {
            Path p = Path.of(model);
            if (!relativePaths && !p.isAbsolute()) return Optional.empty();
            return Files.exists(p) ? Optional.of(p) : Optional.empty();
        } catch (InvalidPathException e) {
            return Optional.empty();
        }
    }

    /** The snapshot folder of a Hub id in the cache, when the revision resolves locally and the folder is there. */
    private Optional<Path> snapshot(String repoId, String revision) {
        String ref = revision == null || revision.isBlank() ? "main" : revision;
        if (!REVISION.matcher(ref).matches() || ref.contains("..")) return Optional.empty();
        try {
            // A commit read from refs/ is a file's content: only a plain name may become a path.
            return cache.resolveLocally(repoId, ref).filter(c -> COMMIT.matcher(c).matches())
                    .map(c -> cache.snapshotFolder(repoId, c)).filter(Files::isDirectory);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static LocatedModel judge(Path path, String model) {
        Optional<Path> onnx = OnnxLayout.modelFolderOf(path);
        if (onnx.isPresent()) return new LocatedModel.OnnxEmbedding(onnx.get());
        if (Files.isRegularFile(path)) {
            if (!isGguf(path)) throw new UnservableModelException("\"" + model + "\" is not a GGUF file");
            return new LocatedModel.Gguf(path);
        }
        if (!Files.isDirectory(path)) throw new UnservableModelException("\"" + model + "\" is neither a file nor a folder");
        try (var files = Files.list(path)) {
            if (files.anyMatch(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".gguf") && isGguf(p))) {
                return new LocatedModel.Gguf(path);
            }
        } catch (IOException e) {
            throw new UnservableModelException("\"" + model + "\" cannot be read: " + e.getMessage());
        }
        if (Files.isRegularFile(path.resolve("config.json"))) {
            try {
                return SafetensorsLayout.inspect(path);
            } catch (UnsupportedArchitectureException e) {
                throw e;
            } catch (UnservableModelException e) {
                throw new UnservableModelException("\"" + model + "\" cannot be served: " + e.getMessage());
            }
        }
        throw new UnservableModelException("\"" + model + "\" holds no GGUF file, no config.json and no ONNX model");
    }

    /** Whether the file starts with GGUF's magic. */
    public static boolean isGguf(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return Arrays.equals(in.readNBytes(4), GGUF_MAGIC);
        } catch (IOException e) {
            return false;
        }
    }
}
