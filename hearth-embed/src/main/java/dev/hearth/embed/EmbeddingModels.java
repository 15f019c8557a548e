package dev.hearth.embed;

import dev.hearth.embed.model.DemoModel;
import dev.hearth.embed.model.ModelConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code --model} names, for embedding models: a local folder, a Hub id already in the standard Hugging Face
 * cache, or the bundled demo id. This is the one place that turns a model argument into a folder.
 */
public final class EmbeddingModels {

    private EmbeddingModels() {}

    /**
     * True when {@code modelArg} is something this module serves: the demo id ({@code
     * sentence-transformers/all-MiniLM-L6-v2} or {@code all-MiniLM-L6-v2}), a folder with an ONNX model and a
     * tokenizer.json, an {@code .onnx} file next to a tokenizer.json, or a Hub id whose cached snapshot is such a
     * folder. Never touches the network.
     */
    public static boolean isEmbeddingModel(String modelArg) {
        if (modelArg == null || modelArg.isBlank()) return false;
        if (DemoModel.isDemoId(modelArg)) return true;
        return localFolder(modelArg).or(() -> hubCacheSnapshot(modelArg, System.getenv())).isPresent();
    }

    /** The folder to load for {@code modelArg}; the demo model is written under {@code cacheDir} on first use. */
    public static Path resolve(String modelArg, Path cacheDir) {
        Optional<Path> found = localFolder(modelArg).or(() -> hubCacheSnapshot(modelArg, System.getenv()));
        if (found.isPresent()) return found.get();
        if (DemoModel.isDemoId(modelArg)) return DemoModel.materialize(cacheDir);
        throw new IllegalArgumentException("not an embedding model: " + modelArg
                + " (expected a folder with onnx/model.onnx or model.onnx and tokenizer.json, or "
                + DemoModel.HUB_ID + ")");
    }

    /** The default place for models Hearth writes itself: {@code $HEARTH_HOME/models}, else {@code ~/.cache/hearth/models}. */
    public static Path defaultCacheDir() {
        String home = System.getenv("HEARTH_HOME");
        if (home != null && !home.isBlank()) return Path.of(home, "models");
        return Path.of(System.getProperty("user.home"), ".cache", "hearth", "models");
    }

    private static Optional<Path> localFolder(String arg) {
        Path p;
        try {
            p = Path.of(arg);
        } catch (InvalidPathException e) {
            return Optional.empty();
        }
        if (Files.isRegularFile(p) && p.toString().endsWith(".onnx")) {
            Path dir = p.toAbsolutePath().getParent();
            if (dir.getFileName() != null && dir.getFileName().toString().equals("onnx")) dir = dir.getParent();
            p = dir;
        }
        return isModelFolder(p) ? Optional.of(p) : Optional.empty();
    }

    private static boolean isModelFolder(Path dir) {
        return Files.isDirectory(dir) && Files.isRegularFile(dir.resolve("tokenizer.json"))
                && ModelConfig.findOnnx(dir).isPresent();
    }

    /**
     * {@code <hub cache>/models--owner--name/snapshots/<refs/main>} when that snapshot holds an ONNX model. The hub
     * cache is {@code $HF_HUB_CACHE}, else {@code $HF_HOME/hub}, else {@code ~/.cache/huggingface/hub}.
     */
    static Optional<Path> hubCacheSnapshot(String id, Map<String, String> env) {
        if (!id.matches("[A-Za-z0-9][A-Za-z0-9._-]*/[A-Za-z0-9][A-Za-z0-9._-]*")) return Optional.empty();
        Path hub = env.containsKey("HF_HUB_CACHE") ? Path.of(env.get("HF_HUB_CACHE"))
                : env.containsKey("HF_HOME") ? Path.of(env.get("HF_HOME"), "hub")
                : Path.of(System.getProperty("user.home"), ".cache", "huggingface", "hub");
        Path repo = hub.resolve("models--" + id.replace("/", "--"));
        try {
            Path ref = repo.resolve("refs/main");
            if (!Files.isRegularFile(ref)) return Optional.empty();
            Path snapshot = repo.resolve("snapshots").resolve(Files.readString(ref).strip());
            return isModelFolder(snapshot) ? Optional.of(snapshot) : Optional.empty();
        } catch (IOException | InvalidPathException e) {
            return Optional.empty();
        }
    }
}
