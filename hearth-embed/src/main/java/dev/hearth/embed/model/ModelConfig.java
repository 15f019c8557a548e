package dev.hearth.embed.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hearth.models.OnnxLayout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * An embedding model folder as sentence-transformers lays it out, read the way TEI reads it.
 *
 * <ul>
 *   <li>weights: {@code onnx/model.onnx}, else {@code model.onnx};</li>
 *   <li>{@code tokenizer.json};</li>
 *   <li>pooling: the Pooling module's {@code config.json} (the folder {@code modules.json} names, usually
 *       {@code 1_Pooling}); with no such file, mean (and a warning), unless an override is given;</li>
 *   <li>normalize: whether {@code modules.json} lists a {@code Normalize} module (what sentence-transformers'
 *       {@code encode} returns by default);</li>
 *   <li>max input length: {@code sentence_bert_config.json} {@code max_seq_length}, else {@code config.json}
 *       {@code max_position_embeddings} less the RoBERTa position offset, else 512;</li>
 *   <li>prompts: {@code config_sentence_transformers.json} {@code prompts} and {@code default_prompt_name};</li>
 *   <li>vocabulary size: {@code config.json} {@code vocab_size}, to refuse out-of-range token ids.</li>
 * </ul>
 * A {@code Dense} module (a projection after pooling) is refused: serving the model without it would give vectors
 * of the wrong space, silently.
 */
public record ModelConfig(
        Path folder,
        Path onnx,
        Path tokenizer,
        Pooling pooling,
        boolean normalize,
        int maxInputLength,
        Map<String, String> prompts,
        Optional<String> defaultPromptName,
        Optional<Integer> vocabSize) {

    private static final Logger log = LoggerFactory.getLogger(ModelConfig.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    public ModelConfig {
        prompts = Map.copyOf(prompts);
    }

    /** The ONNX file of a folder, or empty when it holds none at the two places sentence-transformers uses. */
    public static Optional<Path> findOnnx(Path folder) {
        return OnnxLayout.findOnnx(folder);
    }

    public static ModelConfig load(Path folder, Optional<Pooling> poolingOverride) {
        Path onnx = findOnnx(folder).orElseThrow(() -> new IllegalArgumentException(
                "no ONNX model in " + folder + " (expected onnx/model.onnx or model.onnx)"));
        Path tokenizer = folder.resolve("tokenizer.json");
        if (!Files.isRegularFile(tokenizer)) throw new IllegalArgumentException("no tokenizer.json in " + folder);

        String poolingDir = "1_Pooling";
        boolean normalize = false;
        JsonNode modules = read(folder.resolve("modules.json"));
        if (modules != null) {
            for (JsonNode m : modules) {
                String type = m.path("type").asText("");
                if (type.endsWith(".Pooling")) poolingDir = m.path("path").asText(poolingDir);
                if (type.endsWith(".Normalize")) normalize = true;
                if (type.endsWith(".Dense")) {
                    throw new IllegalArgumentException("sentence-transformers Dense module in " + folder
                            + " is not supported (the ONNX export does not include it)");
                }
            }
        }
        Path poolingConfig = folder.resolve(poolingDir).resolve("config.json");
        Pooling pooling = poolingOverride.orElseGet(() -> poolingFrom(read(poolingConfig), folder));

        JsonNode config = read(folder.resolve("config.json"));
        JsonNode st = read(folder.resolve("sentence_bert_config.json"));
        int maxInput;
        if (st != null && st.path("max_seq_length").canConvertToInt()) {
            maxInput = st.path("max_seq_length").asInt();
        } else if (config != null && config.path("max_position_embeddings").canConvertToInt()) {
            String type = config.path("model_type").asText("");
            boolean offset = type.equals("roberta") || type.equals("xlm-roberta") || type.equals("camembert");
            maxInput = config.path("max_position_embeddings").asInt() - (offset ? config.path("pad_token_id").asInt(0) + 1 : 0);
        } else {
            maxInput = 512;
        }

        Map<String, String> prompts = new LinkedHashMap<>();
        Optional<String> defaultPrompt = Optional.empty();
        JsonNode stc = read(folder.resolve("config_sentence_transformers.json"));
        if (stc != null) {
            stc.path("prompts").properties().forEach(e -> prompts.put(e.getKey(), e.getValue().asText()));
            if (stc.path("default_prompt_name").isTextual()) defaultPrompt = Optional.of(stc.path("default_prompt_name").asText());
        }
        Optional<Integer> vocab = config != null && config.path("vocab_size").canConvertToInt()
                ? Optional.of(config.path("vocab_size").asInt()) : Optional.empty();
        return new ModelConfig(folder, onnx, tokenizer, pooling, normalize, maxInput, prompts, defaultPrompt, vocab);
    }

    private static Pooling poolingFrom(JsonNode pooling, Path folder) {
        if (pooling == null) {
            log.warn("no sentence-transformers pooling config in {}; using mean pooling", folder);
            return Pooling.MEAN;
        }
        if (pooling.path("pooling_mode_cls_token").asBoolean(false)) return Pooling.CLS;
        if (pooling.path("pooling_mode_lasttoken").asBoolean(false)) return Pooling.LAST_TOKEN;
        if (pooling.path("pooling_mode_mean_tokens").asBoolean(false)) return Pooling.MEAN;
        throw new IllegalArgumentException("unsupported pooling in " + folder + "/1_Pooling/config.json: " + pooling
                + " (mean, cls and last-token are supported)");
    }

    private static JsonNode read(Path file) {
        if (!Files.isRegularFile(file)) return null;
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
