package dev.hearth.gguf.llama;

/**
 * The shape and seed of a random-weight llama-architecture model.
 *
 * <p>Invariants: {@code nEmbd} is divisible by {@code nHead}, the head dimension is even (RoPE rotates
 * pairs), {@code nHead} is divisible by {@code nHeadKv} (grouped-query attention), and {@code nEmbd},
 * {@code nFf} are multiples of 32 so every 2-D weight can be stored as Q4_0 or Q8_0.
 */
public record LlamaSpec(int nVocab, int nEmbd, int nLayer, int nHead, int nHeadKv, int nFf, int contextLength,
                        double rmsEps, double ropeTheta, long seed) {

    public LlamaSpec {
        require(nVocab > 0 && nEmbd > 0 && nLayer > 0 && nHead > 0 && nHeadKv > 0 && nFf > 0 && contextLength > 0,
                "all sizes must be positive");
        require(nEmbd % nHead == 0, "nEmbd must be divisible by nHead");
        require((nEmbd / nHead) % 2 == 0, "head dimension must be even");
        require(nHead % nHeadKv == 0, "nHead must be divisible by nHeadKv");
        require(nEmbd % 32 == 0 && nFf % 32 == 0, "nEmbd and nFf must be multiples of 32 (quantization blocks)");
        require(rmsEps > 0 && ropeTheta > 0, "rmsEps and ropeTheta must be positive");
    }

    /** A model that runs in milliseconds: 1024 tokens, hidden 64, 2 layers, 4 heads (2 KV), ff 128, ctx 512. */
    public static LlamaSpec tiny() {
        return new LlamaSpec(1024, 64, 2, 4, 2, 128, 512, 1e-5, 10000.0, 42L);
    }

    /** TinyLlama-1.1B's shape: vocab 32000, hidden 2048, 22 layers, 32 heads (4 KV), ff 5632, ctx 2048. */
    public static LlamaSpec tinyLlama1B() {
        return new LlamaSpec(32000, 2048, 22, 32, 4, 5632, 2048, 1e-5, 10000.0, 42L);
    }

    public LlamaSpec withSeed(long newSeed) {
        return new LlamaSpec(nVocab, nEmbd, nLayer, nHead, nHeadKv, nFf, contextLength, rmsEps, ropeTheta, newSeed);
    }

    public LlamaSpec withVocab(int newVocab) {
        return new LlamaSpec(newVocab, nEmbd, nLayer, nHead, nHeadKv, nFf, contextLength, rmsEps, ropeTheta, seed);
    }

    public int headDim() {
        return nEmbd / nHead;
    }

    /** Width of the K and V projections: {@code nHeadKv * headDim}. */
    public int kvDim() {
        return nHeadKv * headDim();
    }

    /** Number of weights in the model (embedding and output counted separately; they are not tied). */
    public long parameterCount() {
        long perLayer = 2L * nEmbd                       // attn_norm, ffn_norm
                + 2L * nEmbd * nEmbd                     // attn_q, attn_output
                + 2L * nEmbd * kvDim()                   // attn_k, attn_v
                + 3L * nEmbd * nFf;                      // ffn_gate, ffn_up, ffn_down
        return 2L * nVocab * nEmbd + nEmbd + nLayer * perLayer;
    }

    private static void require(boolean ok, String message) {
        if (!ok) throw new IllegalArgumentException(message);
    }
}
