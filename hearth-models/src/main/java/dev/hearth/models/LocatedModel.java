package dev.hearth.models;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;

/** What a {@code --model} or {@code model.repository} string names, found on this machine without the network. */
public sealed interface LocatedModel {

    /** Served by the embedding runtime (ONNX, TEI's API) rather than the text-generation one. */
    default boolean isEmbedding() {
        return this instanceof OnnxEmbedding || this instanceof BuiltInEmbedding;
    }

    /** A GGUF file, or a folder holding one or more (the engine picks one by quantization). */
    record Gguf(Path path) implements LocatedModel {}

    /**
     * A Hugging Face folder of safetensors weights with a config.json whose architecture Hearth converts.
     *
     * @param architecture as config.json names it, e.g. {@code LlamaForCausalLM}
     */
    record Safetensors(Path folder, String architecture) implements LocatedModel {}

    /** A sentence-transformers folder with an ONNX export and a tokenizer.json (see {@link OnnxLayout}). */
    record OnnxEmbedding(Path folder) implements LocatedModel {}

    /**
     * The embedding model built into Hearth, {@value #ID}, named by its id and not in the Hugging Face cache: the
     * embedding worker writes its bundled copy.
     */
    record BuiltInEmbedding(String id) implements LocatedModel {
        public static final String ID = "sentence-transformers/all-MiniLM-L6-v2";
        private static final Set<String> IDS = Set.of(ID.toLowerCase(Locale.ROOT), "all-minilm-l6-v2");

        /** True for the Hub id and its short name, in any letter case (the Hub resolves ids case-insensitively). */
        public static boolean matches(String modelArg) {
            return modelArg != null && IDS.contains(modelArg.strip().toLowerCase(Locale.ROOT));
        }
    }

    /** A Hub repository id that is not in the cache at this revision: the replica downloads it before serving. */
    record NotDownloaded(String repoId, String revision) implements LocatedModel {}
}
