package dev.hearth.gguf.llama;

import dev.hearth.gguf.GgmlType;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A model's weights as a GGUF file of {@code weightType} stores them (F16 rounding and Q8_0/Q4_0
 * quantization already applied), held in memory as float32. The values are exact: every stored value is
 * representable as a float.
 *
 * <p>Matrices are row-major with rows of the input width: {@code w[r * in + c]} multiplies input element
 * c for output element r. Arrays are shared, not copied; treat them as read-only. Memory is 4 bytes per
 * parameter (about 4.4 GB for {@link LlamaSpec#tinyLlama1B()}).
 */
public record LlamaWeights(LlamaSpec spec, GgmlType weightType, float[] tokenEmbd, List<Layer> layers,
                           float[] outputNorm, float[] output) {

    /** One transformer block. */
    public record Layer(float[] attnNorm, float[] wq, float[] wk, float[] wv, float[] wo,
                        float[] ffnNorm, float[] wGate, float[] wUp, float[] wDown) {
    }

    public LlamaWeights {
        layers = List.copyOf(layers);
    }

    /** Regenerates the weights of {@code spec} deterministically, as a file of {@code weightType} would hold them. */
    public static LlamaWeights generate(LlamaSpec spec, GgmlType weightType) {
        Map<String, float[]> byName = new HashMap<>();
        for (LlamaTensors.Tensor t : LlamaTensors.all(spec)) {
            byName.put(t.name(), LlamaTensors.storedValues(spec, t, weightType));
        }
        List<Layer> layers = new ArrayList<>(spec.nLayer());
        for (int i = 0; i < spec.nLayer(); i++) {
            String p = "blk." + i + ".";
            layers.add(new Layer(
                    byName.get(p + "attn_norm.weight"), byName.get(p + "attn_q.weight"),
                    byName.get(p + "attn_k.weight"), byName.get(p + "attn_v.weight"),
                    byName.get(p + "attn_output.weight"), byName.get(p + "ffn_norm.weight"),
                    byName.get(p + "ffn_gate.weight"), byName.get(p + "ffn_up.weight"),
                    byName.get(p + "ffn_down.weight")));
        }
        return new LlamaWeights(spec, weightType, byName.get("token_embd.weight"), layers,
                byName.get("output_norm.weight"), byName.get("output.weight"));
    }
}
