package dev.hearth.models;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;

/**
 * The Hugging Face architectures Hearth serves from safetensors (by converting them to GGUF), and the llama.cpp
 * architecture each becomes: {@code LlamaForCausalLM} and {@code MistralForCausalLM} → {@code llama},
 * {@code Qwen2ForCausalLM} → {@code qwen2}. The one list both the control plane (refusing a model at create time)
 * and the converter read.
 */
public final class HfArchitectures {

    /** config.json {@code architectures[0]} → llama.cpp's {@code general.architecture}. */
    public static final Map<String, String> GGUF_ARCHITECTURES = Map.of(
            "LlamaForCausalLM", "llama",
            "MistralForCausalLM", "llama",
            "Qwen2ForCausalLM", "qwen2");

    /** config.json {@code model_type} → architecture, for configs without {@code architectures}. */
    private static final Map<String, String> MODEL_TYPES = Map.of(
            "llama", "LlamaForCausalLM", "mistral", "MistralForCausalLM", "qwen2", "Qwen2ForCausalLM");

    private HfArchitectures() {}

    /** The architecture config.json names: {@code architectures[0]}, else the one its {@code model_type} implies. */
    public static String named(JsonNode config) {
        String arch = config.path("architectures").path(0).asText(null);
        if (arch != null) return arch;
        return MODEL_TYPES.getOrDefault(config.path("model_type").asText(""), "(none: config.json names no architectures)");
    }

    /**
     * The llama.cpp architecture of a config.json.
     *
     * @throws UnsupportedArchitectureException when Hearth does not convert it
     */
    public static String ggufArchitecture(JsonNode config) {
        String arch = named(config);
        String gguf = GGUF_ARCHITECTURES.get(arch);
        if (gguf == null) throw new UnsupportedArchitectureException(arch, supported());
        return gguf;
    }

    /** Supported architectures, sorted, for messages. */
    public static List<String> supported() {
        return GGUF_ARCHITECTURES.keySet().stream().sorted().toList();
    }
}
