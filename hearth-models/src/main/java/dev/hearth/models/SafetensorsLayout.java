package dev.hearth.models;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A Hugging Face model folder as transformers saves it: {@code config.json}, the weights in
 * {@code model.safetensors} or shards listed by {@code model.safetensors.index.json}, and {@code tokenizer.json}.
 * Hearth serves one by converting it to GGUF when config.json names an architecture of {@link HfArchitectures}.
 */
public final class SafetensorsLayout {

    public static final String SINGLE = "model.safetensors";
    public static final String INDEX = "model.safetensors.index.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private SafetensorsLayout() {}

    /** Whether the folder has its weights in one file or an index of shards. */
    public static boolean hasWeights(Path folder) {
        return Files.isRegularFile(folder.resolve(INDEX)) || Files.isRegularFile(folder.resolve(SINGLE));
    }

    /**
     * Reads config.json and checks that the folder is convertible, without touching the weights: architecture
     * supported, weights and tokenizer.json present. The check to run before a model is accepted.
     *
     * @throws UnsupportedArchitectureException when config.json names an architecture Hearth does not convert
     * @throws UnservableModelException         when config.json cannot be read, or a file is missing
     */
    public static LocatedModel.Safetensors inspect(Path folder) {
        JsonNode config = readConfig(folder);
        HfArchitectures.ggufArchitecture(config);
        if (!hasWeights(folder)) {
            throw new UnservableModelException(folder + " holds no safetensors weights (" + SINGLE + " or " + INDEX + ")");
        }
        if (!Files.isRegularFile(folder.resolve("tokenizer.json"))) {
            throw new UnservableModelException(folder + " holds no tokenizer.json");
        }
        return new LocatedModel.Safetensors(folder, HfArchitectures.named(config));
    }

    /** The folder's config.json as JSON. */
    public static JsonNode readConfig(Path folder) {
        Path file = folder.resolve("config.json");
        if (!Files.isRegularFile(file)) throw new UnservableModelException(folder + " holds no config.json");
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UnservableModelException("cannot read " + file + ": " + e.getMessage());
        }
    }
}
