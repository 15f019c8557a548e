package dev.hearth.embed;

import dev.hearth.embed.model.DemoModel;
import dev.hearth.models.LocatedModel;
import dev.hearth.models.ModelLocator;
import dev.hearth.models.OnnxLayout;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Turns an embedding model argument into the folder to load. What the argument names (a folder, a Hub id in the
 * Hugging Face cache, the built-in id) is hearth-models' {@link ModelLocator}, the same answer the control plane
 * gets; this class adds the one thing only the embedding runtime can do, writing the built-in model's files.
 */
public final class EmbeddingModels {

    private EmbeddingModels() {}

    /**
     * The folder to load for {@code modelArg}, found by {@code models} (so a Hub id is looked up in the cache its
     * {@link dev.hearth.hub.HubSettings} name); the built-in model is written under {@code cacheDir} on first use.
     */
    public static Path resolve(String modelArg, Path cacheDir, ModelLocator models) {
        LocatedModel found = models.embedding(modelArg, null).orElseThrow(() -> notAnEmbeddingModel(modelArg));
        return switch (found) {
            case LocatedModel.OnnxEmbedding onnx -> onnx.folder();
            case LocatedModel.BuiltInEmbedding builtIn -> DemoModel.materialize(cacheDir);
            default -> throw notAnEmbeddingModel(modelArg);
        };
    }

    /**
     * The folder to load for a {@code modelArg} that needs no Hub cache: a folder (or an {@code .onnx} file in one),
     * or the built-in id, written under {@code cacheDir} on first use. A Hub id must be resolved with
     * {@link #resolve(String, Path, ModelLocator)} first; the worker command does so and passes the folder.
     */
    public static Path resolve(String modelArg, Path cacheDir) {
        Optional<Path> folder;
        try {
            folder = OnnxLayout.modelFolderOf(Path.of(modelArg));
        } catch (InvalidPathException e) {
            folder = Optional.empty();
        }
        if (folder.isPresent()) return folder.get();
        if (DemoModel.isDemoId(modelArg)) return DemoModel.materialize(cacheDir);
        throw notAnEmbeddingModel(modelArg);
    }

    /** The default place for models Hearth writes itself: {@code $HEARTH_HOME/models}, else {@code ~/.cache/hearth/models}. */
    public static Path defaultCacheDir() {
        String home = System.getenv("HEARTH_HOME");
        if (home != null && !home.isBlank()) return Path.of(home, "models");
        return Path.of(System.getProperty("user.home"), ".cache", "hearth", "models");
    }

    private static IllegalArgumentException notAnEmbeddingModel(String modelArg) {
        return new IllegalArgumentException("not an embedding model: " + modelArg
                + " (expected a folder with onnx/model.onnx or model.onnx and tokenizer.json, a Hub id in the Hugging Face"
                + " cache with those files, or " + DemoModel.HUB_ID + ")");
    }
}
