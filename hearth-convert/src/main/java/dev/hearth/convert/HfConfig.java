package dev.hearth.convert;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;
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

    /** config.json {@code architectures[0]} → llama.cpp's {@code general.architecture}. */
    public static final Map<String, String> ARCHITECTURES = Map.of(
            "LlamaForCausalLM", "llama",
            "MistralForCausalLM", "llama",
            "Qwen2ForCausalLM", "qwen2");

    /** config.json {@code model_type} → architecture, for configs without {@code architectures}. */
    private static final Map<String, String> MODEL_TYPES = Map.of(
            "llama", "LlamaForCausalLM", "mistral", "MistralForCausalLM", "qwen2", "Qwen2ForCausalLM");

    /** Whether llama.cpp expects the converter's Q/K row permutation for this model. */
    public boolean permutesQk() {
        return ggufArchitecture.equals("llama");
    }

    public static HfConfig parse(JsonNode config) {
        String arch = config.path("architectures").path(0).asText(null);
        if (arch == null) arch = MODEL_TYPES.getOrDefault(config.path("model_type").asText(""), "(none: config.json names no architectures)");
        String gguf = ARCHITECTURES.get(arch);
        if (gguf == null) {
            throw new UnsupportedArchitectureException(arch, ARCHITECTURES.keySet().stream().sorted().toList());
        }
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
        return ARCHITECTURES.keySet().stream().sorted().toList();
    }
}
