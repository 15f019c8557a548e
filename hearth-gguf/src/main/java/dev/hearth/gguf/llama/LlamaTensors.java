package dev.hearth.gguf.llama;

import dev.hearth.gguf.GgmlQuants;
import dev.hearth.gguf.GgmlType;
import dev.hearth.gguf.GgufWriter;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The tensors of a llama-architecture model and the deterministic random values they hold.
 *
 * <p>Each tensor's values come from its own {@link SplittableRandom}, seeded from the spec's seed and the
 * tensor's name, drawn row by row. So a tensor can be regenerated on its own, in constant memory, and the
 * GGUF writer and {@link LlamaWeights} see the same float32 values (before storage rounding).
 *
 * <p>Scales keep activations of order 1 at any width: projections from a vector of width n have standard
 * deviation 1/sqrt(n), embeddings 1, norm weights 1 ± 0.1. The output projection is not tied to the
 * embedding and is nudged away from it, so the next greedy token is rarely the current one.
 */
public final class LlamaTensors {

    /** How a tensor is initialised and stored. */
    public enum Kind {
        /** 1-D RMSNorm weight, values near 1, always stored F32. */
        NORM,
        /** 2-D weight, Gaussian, stored in the model's weight type. */
        MATRIX
    }

    /**
     * A tensor: {@code ne0} is the contiguous row length (the input width of a projection), {@code ne1} the
     * number of rows (1 for norms); {@code std} the standard deviation of its random values.
     */
    public record Tensor(String name, Kind kind, int ne0, int ne1, double std) {
        public long[] dims() {
            return kind == Kind.NORM ? new long[] {ne0} : new long[] {ne0, ne1};
        }

        public GgmlType storageType(GgmlType weightType) {
            return kind == Kind.NORM ? GgmlType.F32 : weightType;
        }
    }

    private LlamaTensors() {
    }

    /** All tensors in file order: token_embd, then each block, then output_norm and output. */
    public static List<Tensor> all(LlamaSpec s) {
        double inEmbd = 1.0 / Math.sqrt(s.nEmbd());
        List<Tensor> list = new ArrayList<>();
        list.add(new Tensor("token_embd.weight", Kind.MATRIX, s.nEmbd(), s.nVocab(), 1.0));
        for (int i = 0; i < s.nLayer(); i++) {
            String p = "blk." + i + ".";
            list.add(new Tensor(p + "attn_norm.weight", Kind.NORM, s.nEmbd(), 1, 0.1));
            list.add(new Tensor(p + "attn_q.weight", Kind.MATRIX, s.nEmbd(), s.nEmbd(), inEmbd));
            list.add(new Tensor(p + "attn_k.weight", Kind.MATRIX, s.nEmbd(), s.kvDim(), inEmbd));
            list.add(new Tensor(p + "attn_v.weight", Kind.MATRIX, s.nEmbd(), s.kvDim(), inEmbd));
            list.add(new Tensor(p + "attn_output.weight", Kind.MATRIX, s.nEmbd(), s.nEmbd(), inEmbd));
            list.add(new Tensor(p + "ffn_norm.weight", Kind.NORM, s.nEmbd(), 1, 0.1));
            list.add(new Tensor(p + "ffn_gate.weight", Kind.MATRIX, s.nEmbd(), s.nFf(), inEmbd));
            list.add(new Tensor(p + "ffn_up.weight", Kind.MATRIX, s.nEmbd(), s.nFf(), inEmbd));
            list.add(new Tensor(p + "ffn_down.weight", Kind.MATRIX, s.nFf(), s.nEmbd(), 1.0 / Math.sqrt(s.nFf())));
        }
        list.add(new Tensor("output_norm.weight", Kind.NORM, s.nEmbd(), 1, 0.1));
        list.add(new Tensor("output.weight", Kind.MATRIX, s.nEmbd(), s.nVocab(), inEmbd));
        return list;
    }

    /**
     * A fresh source of the tensor's float32 values, row by row (ne0 values per call, ne1 calls).
     * Norm weights are {@code 1 + std * g}, matrices {@code std * g}, g standard normal; the output
     * projection also has an anti-repetition term (see {@code outputRows}).
     */
    public static GgufWriter.RowSource rows(LlamaSpec spec, Tensor t) {
        if (t.name().equals("output.weight")) {
            return outputRows(spec, t);
        }
        return gaussianRows(spec, t);
    }

    /**
     * Output row v is {@code g_v - e_v / nEmbd}, where e_v is token v's (unquantized) embedding row, replayed
     * from its own stream in step. The residual stream carries the current token's embedding, so this
     * lowers the current token's own logit by about its share of the final hidden state: without it a
     * small random model sometimes locks into repeating one token; with it, no immediate repeats occurred
     * in 200 sampled greedy runs of the tiny spec. Negligible for wide models (the term shrinks as 1/nEmbd).
     */
    private static GgufWriter.RowSource outputRows(LlamaSpec spec, Tensor t) {
        GgufWriter.RowSource own = gaussianRows(spec, t);
        GgufWriter.RowSource embedding = gaussianRows(spec, all(spec).getFirst());
        double beta = 1.0 / spec.nEmbd();
        float[] e = new float[t.ne0()];
        return row -> {
            own.nextRow(row);
            embedding.nextRow(e);
            for (int i = 0; i < row.length; i++) row[i] = (float) (row[i] - beta * e[i]);
        };
    }

    private static GgufWriter.RowSource gaussianRows(LlamaSpec spec, Tensor t) {
        SplittableRandom random = new SplittableRandom(seedFor(spec.seed(), t.name()));
        double mean = t.kind() == Kind.NORM ? 1.0 : 0.0;
        double std = t.std();
        return row -> {
            for (int i = 0; i < row.length; i++) {
                row[i] = (float) (mean + std * random.nextGaussian());
            }
        };
    }

    /** The tensor's values exactly as a file of {@code weightType} stores them, row-major. */
    public static float[] storedValues(LlamaSpec spec, Tensor t, GgmlType weightType) {
        GgmlType storage = t.storageType(weightType);
        float[] all = new float[Math.multiplyExact(t.ne0(), t.ne1())];
        float[] row = new float[t.ne0()];
        GgufWriter.RowSource source = rows(spec, t);
        for (int r = 0; r < t.ne1(); r++) {
            source.nextRow(row);
            GgmlQuants.roundTrip(storage, row);
            System.arraycopy(row, 0, all, r * t.ne0(), t.ne0());
        }
        return all;
    }

    /** FNV-1a over the name's UTF-8 bytes mixed with the model seed: independent streams per tensor. */
    static long seedFor(long seed, String name) {
        long h = 0xcbf29ce484222325L;
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            h = (h ^ (b & 0xFF)) * 0x100000001b3L;
        }
        return h ^ (seed * 0x9E3779B97F4A7C15L);
    }
}
