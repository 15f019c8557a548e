package dev.hearth.testkit;

import dev.hearth.gguf.GgmlQuants;
import dev.hearth.gguf.GgmlType;
import dev.hearth.gguf.llama.LlamaModelFiles;
import dev.hearth.gguf.llama.LlamaSpec;
import dev.hearth.gguf.llama.LlamaWeights;

/**
 * An independent float64 forward pass of llama.cpp's {@code llama} architecture over {@link LlamaWeights},
 * with a KV cache. Not thread-safe: one instance is one sequence.
 *
 * <p>Per token at position p: x = embedding row; per layer: h = x + Wo·attn(rope(Wq·n), rope(Wk·n), Wv·n)
 * with n = rmsnorm(x)·attn_norm, then x = h + Wdown·(silu(Wgate·m) ⊙ Wup·m) with m = rmsnorm(h)·ffn_norm;
 * logits = Woutput·(rmsnorm(x)·output_norm). RoPE is llama.cpp's "normal" mode: adjacent pairs
 * (q[2i], q[2i+1]) of each head rotate by p·base^(-2i/headDim). Query head h attends with KV head
 * h / (nHead / nHeadKv), causally, with scale 1/sqrt(headDim). Hyper-parameters stored as float32 in the
 * GGUF file (eps, rope base) are used at their float32 values, as llama.cpp reads them.
 */
public final class ReferenceLlama {
    private final LlamaWeights w;
    private final LlamaSpec s;
    private final boolean roundKvToF16;
    private final double eps;
    private final double ropeBase;
    /** keys[layer][pos * kvDim + j], values likewise; valid for positions below {@link #position()}. */
    private final double[][] keys;
    private final double[][] values;
    private int pos;

    /**
     * @param roundKvToF16 store K and V rounded to fp16, as llama.cpp's default KV cache type (F16) does;
     *                     false keeps them in float64
     */
    public ReferenceLlama(LlamaWeights weights, boolean roundKvToF16) {
        this.w = weights;
        this.s = weights.spec();
        this.roundKvToF16 = roundKvToF16;
        this.eps = (float) s.rmsEps();
        this.ropeBase = (float) s.ropeTheta();
        this.keys = new double[s.nLayer()][];
        this.values = new double[s.nLayer()][];
        for (int l = 0; l < s.nLayer(); l++) {
            keys[l] = new double[0];
            values[l] = new double[0];
        }
    }

    /** A pure float64 reference for the model {@link LlamaModelFiles} writes for {@code spec} and {@code weightType}. */
    public static ReferenceLlama create(LlamaSpec spec, GgmlType weightType) {
        return create(spec, weightType, false);
    }

    /** As {@link #create(LlamaSpec, GgmlType)}, optionally rounding the KV cache to fp16 like llama.cpp's default. */
    public static ReferenceLlama create(LlamaSpec spec, GgmlType weightType, boolean roundKvToF16) {
        return new ReferenceLlama(LlamaWeights.generate(spec, weightType), roundKvToF16);
    }

    /** The position the next token will take (number of tokens consumed since the last reset). */
    public int position() {
        return pos;
    }

    /** Empties the KV cache. */
    public void reset() {
        pos = 0;
    }

    /** Consumes {@code token} at the next position and returns the logits for the token after it. */
    public double[] logits(int token) {
        if (token < 0 || token >= s.nVocab()) throw new IllegalArgumentException("token out of range: " + token);
        if (pos >= s.contextLength()) throw new IllegalStateException("context full at " + pos);
        int n = s.nEmbd();
        double[] x = new double[n];
        for (int i = 0; i < n; i++) x[i] = w.tokenEmbd()[token * n + i];
        for (int l = 0; l < s.nLayer(); l++) {
            LlamaWeights.Layer layer = w.layers().get(l);
            double[] attn = attention(l, layer, rmsNorm(x, layer.attnNorm()));
            add(x, matVec(layer.wo(), attn, n));
            double[] m = rmsNorm(x, layer.ffnNorm());
            double[] gate = matVec(layer.wGate(), m, s.nFf());
            double[] up = matVec(layer.wUp(), m, s.nFf());
            for (int i = 0; i < gate.length; i++) gate[i] = silu(gate[i]) * up[i];
            add(x, matVec(layer.wDown(), gate, n));
        }
        pos++;
        return matVec(w.output(), rmsNorm(x, w.outputNorm()), s.nVocab());
    }

    /**
     * Resets, feeds {@code prompt}, then picks {@code nNew} tokens greedily (argmax, lowest id on ties),
     * feeding each back in. Returns only the new tokens; EOS is not treated specially.
     */
    public int[] greedy(int[] prompt, int nNew) {
        if (prompt.length == 0) throw new IllegalArgumentException("empty prompt");
        reset();
        double[] last = null;
        for (int t : prompt) last = logits(t);
        int[] out = new int[nNew];
        for (int i = 0; i < nNew; i++) {
            out[i] = argmax(last);
            if (i + 1 < nNew) last = logits(out[i]);
        }
        return out;
    }

    /**
     * Checks a greedy continuation computed elsewhere (e.g. by llama.cpp) with teacher forcing: resets, feeds
     * {@code prompt}, then for each {@code continuation[i]} checks that its logit is within {@code tolerance}
     * of the largest logit, and feeds it. Returns the first index that fails, or -1 if all pass.
     *
     * <p>Why a tolerance: llama.cpp computes in float32, keeps the KV cache in fp16 and quantizes
     * activations to Q8_0 for Q4_0/Q8_0 weights, so where the reference's top two logits are closer than
     * that noise, an exact argmax comparison fails although both engines are right.
     */
    public int firstGreedyMismatch(int[] prompt, int[] continuation, double tolerance) {
        if (prompt.length == 0) throw new IllegalArgumentException("empty prompt");
        reset();
        double[] last = null;
        for (int t : prompt) last = logits(t);
        for (int i = 0; i < continuation.length; i++) {
            if (last[continuation[i]] < last[argmax(last)] - tolerance) {
                return i;
            }
            if (i + 1 < continuation.length) last = logits(continuation[i]);
        }
        return -1;
    }

    /** Index of the largest value; the first one on ties. */
    public static int argmax(double[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) best = i;
        }
        return best;
    }

    private double[] attention(int l, LlamaWeights.Layer layer, double[] xn) {
        int hd = s.headDim();
        int kvDim = s.kvDim();
        double[] q = matVec(layer.wq(), xn, s.nEmbd());
        double[] k = matVec(layer.wk(), xn, kvDim);
        double[] v = matVec(layer.wv(), xn, kvDim);
        for (int h = 0; h < s.nHead(); h++) rope(q, h * hd);
        for (int h = 0; h < s.nHeadKv(); h++) rope(k, h * hd);
        store(l, k, v);

        double[] out = new double[s.nEmbd()];
        int group = s.nHead() / s.nHeadKv();
        double scale = 1.0 / Math.sqrt(hd);
        double[] scores = new double[pos + 1];
        for (int h = 0; h < s.nHead(); h++) {
            int kvOff = (h / group) * hd;
            double max = Double.NEGATIVE_INFINITY;
            for (int t = 0; t <= pos; t++) {
                double dot = 0;
                for (int j = 0; j < hd; j++) dot += q[h * hd + j] * keys[l][t * kvDim + kvOff + j];
                scores[t] = dot * scale;
                max = Math.max(max, scores[t]);
            }
            double sum = 0;
            for (int t = 0; t <= pos; t++) {
                scores[t] = Math.exp(scores[t] - max);
                sum += scores[t];
            }
            for (int t = 0; t <= pos; t++) {
                double p = scores[t] / sum;
                for (int j = 0; j < hd; j++) out[h * hd + j] += p * values[l][t * kvDim + kvOff + j];
            }
        }
        return out;
    }

    /** Rotates adjacent pairs of one head starting at {@code off} for the current position (ggml "normal" RoPE). */
    private void rope(double[] v, int off) {
        int hd = s.headDim();
        for (int i = 0; i < hd; i += 2) {
            double theta = pos * Math.pow(ropeBase, -(double) i / hd);
            double c = Math.cos(theta);
            double sn = Math.sin(theta);
            double x0 = v[off + i];
            double x1 = v[off + i + 1];
            v[off + i] = x0 * c - x1 * sn;
            v[off + i + 1] = x0 * sn + x1 * c;
        }
    }

    private void store(int l, double[] k, double[] v) {
        int kvDim = s.kvDim();
        if (keys[l].length < (pos + 1) * kvDim) { // grow geometrically, up to the context length
            int capacity = Math.min(s.contextLength(), Math.max(16, 2 * (pos + 1))) * kvDim;
            keys[l] = java.util.Arrays.copyOf(keys[l], capacity);
            values[l] = java.util.Arrays.copyOf(values[l], capacity);
        }
        for (int j = 0; j < kvDim; j++) {
            keys[l][pos * kvDim + j] = roundKvToF16 ? fp16(k[j]) : k[j];
            values[l][pos * kvDim + j] = roundKvToF16 ? fp16(v[j]) : v[j];
        }
    }

    private static double fp16(double x) {
        return GgmlQuants.fromFp16(GgmlQuants.toFp16((float) x));
    }

    private double[] rmsNorm(double[] x, float[] weight) {
        double ss = 0;
        for (double v : x) ss += v * v;
        double inv = 1.0 / Math.sqrt(ss / x.length + eps);
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) out[i] = x[i] * inv * weight[i];
        return out;
    }

    /** y = W·x for a row-major W of {@code rows} rows of length x.length. */
    private static double[] matVec(float[] m, double[] x, int rows) {
        int in = x.length;
        double[] y = new double[rows];
        for (int r = 0; r < rows; r++) {
            int base = r * in; // fits: the matrix is one Java array
            double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
            int c = 0;
            for (; c + 3 < in; c += 4) { // four partial sums: independent chains run faster
                s0 += m[base + c] * x[c];
                s1 += m[base + c + 1] * x[c + 1];
                s2 += m[base + c + 2] * x[c + 2];
                s3 += m[base + c + 3] * x[c + 3];
            }
            for (; c < in; c++) s0 += m[base + c] * x[c];
            y[r] = (s0 + s1) + (s2 + s3);
        }
        return y;
    }

    private static void add(double[] acc, double[] v) {
        for (int i = 0; i < acc.length; i++) acc[i] += v[i];
    }

    private static double silu(double x) {
        return x / (1.0 + Math.exp(-x));
    }
}
