package dev.hearth.convert;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Hugging Face llama-family tensor names → GGUF names, and the Q/K row permutation llama.cpp's
 * {@code llama} architecture needs.
 *
 * <p>Why the permutation: Hugging Face's llama RoPE rotates the pair (x[i], x[i + d/2]) of each head of
 * width d; llama.cpp's {@code llama} RoPE rotates adjacent pairs (x[2i], x[2i+1]). llama.cpp's converter
 * ({@code LlamaModel.permute} in convert_hf_to_gguf.py) therefore reorders the output rows of the Q and K
 * projections, per head: GGUF row {@code h*d + 2i + j} is HF row {@code h*d + j*d/2 + i} (i < d/2, j ∈ {0,1}).
 * For K the head count is the KV head count. Biases of Q and K are reordered the same way.
 */
public final class TensorNames {
    private static final Pattern LAYER = Pattern.compile("model\\.layers\\.(\\d+)\\.(.+)\\.(weight|bias)");
    private static final Map<String, String> GLOBAL = Map.of(
            "model.embed_tokens.weight", "token_embd.weight",
            "model.norm.weight", "output_norm.weight",
            "lm_head.weight", "output.weight");
    private static final Map<String, String> PER_LAYER = Map.of(
            "input_layernorm", "attn_norm",
            "self_attn.q_proj", "attn_q",
            "self_attn.k_proj", "attn_k",
            "self_attn.v_proj", "attn_v",
            "self_attn.o_proj", "attn_output",
            "post_attention_layernorm", "ffn_norm",
            "mlp.gate_proj", "ffn_gate",
            "mlp.up_proj", "ffn_up",
            "mlp.down_proj", "ffn_down");

    private TensorNames() {
    }

    /** The GGUF name, or empty for tensors the GGUF does not carry (RoPE's cached {@code inv_freq}). */
    public static Optional<String> ggufName(String hfName) {
        if (hfName.endsWith("rotary_emb.inv_freq")) return Optional.empty();
        String global = GLOBAL.get(hfName);
        if (global != null) return Optional.of(global);
        Matcher m = LAYER.matcher(hfName);
        if (m.matches() && PER_LAYER.containsKey(m.group(2))) {
            return Optional.of("blk." + m.group(1) + "." + PER_LAYER.get(m.group(2)) + "." + m.group(3));
        }
        throw new ConversionException("tensor " + hfName + " has no GGUF counterpart in a llama-family model");
    }

    /**
     * The number of heads by which GGUF tensor {@code ggufName}'s rows are permuted, or 0 when they are
     * not (every tensor but attn_q and attn_k, and every tensor of an architecture that does not permute).
     */
    public static int permutedHeads(String ggufName, HfConfig config) {
        if (!config.permutesQk()) return 0;
        if (ggufName.endsWith(".attn_q.weight") || ggufName.endsWith(".attn_q.bias")) return config.heads();
        if (ggufName.endsWith(".attn_k.weight") || ggufName.endsWith(".attn_k.bias")) return config.kvHeads();
        return 0;
    }

    /** The HF row that becomes GGUF row {@code row} of a tensor with {@code rows} rows permuted over {@code heads}. */
    public static int sourceRow(int row, int rows, int heads) {
        if (heads == 0) return row;
        int d = rows / heads;
        int h = row / d;
        int within = row % d;
        int i = within / 2;
        int j = within % 2;
        return h * d + j * (d / 2) + i;
    }
}
