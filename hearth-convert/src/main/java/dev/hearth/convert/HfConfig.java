package dev.hearth.convert;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.models.HfArchitectures;

import java.util.List;
import java.util.Optional;

/**
 * The parts of a llama-family {@code config.json} that become GGUF hyperparameters, and the llama.cpp
 * architecture they map to: {@code LlamaForCausalLM} and {@code MistralForCausalLM} → {@code llama}
 * (Q and K rows permuted, see {@link TensorNames}), {@code Qwen2ForCausalLM} → {@code qwen2} (no
 * permutation: its RoPE rotates the two halves of each head, as Hugging Face's does).
 *
 * @param ropeScaling the {@code rope_scaling} object, empty when absent
 */
public record HfConfig(String hfArchitecture, String ggufArchitecture, int hiddenSize, int layers, int heads,
                       int kvHeads, int headDim, int intermediateSize, double rmsNormEps, double ropeTheta,
                       int contextLength, int vocabSize, boolean tieWordEmbeddings, Optional<JsonNode> ropeScaling) {

    /** Whether llama.cpp expects the converter's Q/K row permutation for this model. */
    public boolean permutesQk() {
        return ggufArchitecture.equals("llama");
    }

    /**
     * The hyperparameters of a config.json. The architecture check is hearth-models' {@link HfArchitectures}, the
     * list the control plane also refuses models by.
     *
     * @throws dev.hearth.models.UnsupportedArchitectureException when Hearth does not convert the architecture
     */
    public static HfConfig parse(JsonNode config) {
        String gguf = HfArchitectures.ggufArchitecture(config);
        String arch = HfArchitectures.named(config);
        int hidden = required(config, "hidden_size");
        int heads = required(config, "num_attention_heads");
        int headDim = config.path("head_dim").isInt() ? config.path("head_dim").asInt() : hidden / heads;
        JsonNode scaling = config.path("rope_scaling");
        return new HfConfig(arch, gguf, hidden, required(config, "num_hidden_layers"), heads,
                config.path("num_key_value_heads").asInt(heads), headDim, required(config, "intermediate_size"),
                config.path("rms_norm_eps").asDouble(1e-6), ropeTheta(config),
                config.path("max_position_embeddings").asInt(4096), required(config, "vocab_size"),
                config.path("tie_word_embeddings").asBoolean(false),
                scaling.isObject() ? Optional.of(scaling) : Optional.empty());
    }

    /** {@code rope_theta}, or (newer transformers) {@code rope_parameters.rope_theta}; 10000 when absent. */
    private static double ropeTheta(JsonNode config) {
        if (config.path("rope_theta").isNumber()) return config.path("rope_theta").asDouble();
        return config.path("rope_parameters").path("rope_theta").asDouble(10000.0);
    }

    private static int required(JsonNode config, String key) {
        JsonNode v = config.path(key);
        if (!v.canConvertToInt() || v.asInt() <= 0) {
            throw new ConversionException("config.json: " + key + " is missing or not a positive integer");
        }
        return v.asInt();
    }

    /** The rope scaling type ({@code rope_type} or legacy {@code type}), if any. */
    public Optional<String> ropeScalingType() {
        return ropeScaling.map(s -> s.path("rope_type").asText(s.path("type").asText(""))).filter(t -> !t.isEmpty());
    }

    /** Supported architectures, for messages. */
    public static List<String> supported() {
        return HfArchitectures.supported();
    }
}
