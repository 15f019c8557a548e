package dev.hearth.convert;

import dev.hearth.gguf.GgmlType;
import dev.hearth.gguf.GgufValue;
import dev.hearth.gguf.GgufWriter;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Lays out the GGUF file of a converted model: the {@code general.*} and architecture keys from
 * {@link HfConfig}, the tokenizer keys from {@link HfTokenizer}, and every weight renamed by
 * {@link TensorNames}, Q/K rows permuted where the architecture needs it, stored as F32 (1-D tensors) or
 * the chosen {@link Quantization} (2-D tensors). Rows are read from the mapped safetensors only while the
 * writer streams that tensor, so memory use does not grow with the model.
 */
final class GgufConversion {
    private GgufConversion() {
    }

    static GgufWriter writer(String name, HfConfig config, Map<String, GgufValue> tokenizer, SafetensorsModel weights,
                             Quantization quantization) {
        GgufWriter writer = new GgufWriter();
        hyperparameters(name, config, quantization).forEach(writer::put);
        tokenizer.forEach(writer::put);

        Map<String, SafetensorsFile.Tensor> byGguf = new LinkedHashMap<>();
        weights.tensors().forEach((hf, t) -> TensorNames.ggufName(hf).ifPresent(g -> byGguf.put(g, t)));
        requirePresent(byGguf, "token_embd.weight", "output_norm.weight");
        if (!config.tieWordEmbeddings()) requirePresent(byGguf, "output.weight");
        for (int layer = 0; layer < config.layers(); layer++) {
            String p = "blk." + layer + ".";
            requirePresent(byGguf, p + "attn_norm.weight", p + "attn_q.weight", p + "attn_k.weight", p + "attn_v.weight",
                    p + "attn_output.weight", p + "ffn_norm.weight", p + "ffn_gate.weight", p + "ffn_up.weight",
                    p + "ffn_down.weight");
        }
        List<String> order = new ArrayList<>(byGguf.keySet());
        order.sort(Comparator.comparingLong(GgufConversion::fileOrder).thenComparing(Comparator.naturalOrder()));
        for (String gguf : order) {
            addTensor(writer, gguf, byGguf.get(gguf), TensorNames.permutedHeads(gguf, config), quantization);
        }
        ropeFrequencyFactors(config).ifPresent(f -> writer.addTensor("rope_freqs.weight", GgmlType.F32,
                new long[] {f.length}, f));
        return writer;
    }

    /** token_embd first, then the blocks in order, then the output tensors. */
    private static long fileOrder(String gguf) {
        if (gguf.startsWith("token_embd.")) return -1;
        if (gguf.startsWith("blk.")) return Long.parseLong(gguf.substring(4, gguf.indexOf('.', 4)));
        return Long.MAX_VALUE;
    }

    private static void requirePresent(Map<String, ?> tensors, String... names) {
        for (String n : names) {
            if (!tensors.containsKey(n)) throw new ConversionException("the weights lack " + n + " (its HF counterpart)");
        }
    }

    private static void addTensor(GgufWriter writer, String name, SafetensorsFile.Tensor t, int heads,
                                  Quantization quantization) {
        List<Long> shape = t.shape();
        if (shape.size() == 1) {
            int n = Math.toIntExact(shape.getFirst());
            writer.addTensor(name, GgmlType.F32, new long[] {n}, () -> row -> {
                for (int k = 0; k < n; k++) row[k] = t.get(TensorNames.sourceRow(k, n, heads));
            });
            return;
        }
        if (shape.size() != 2) throw new ConversionException(t.name() + ": expected 1 or 2 dimensions, got " + shape);
        int rows = Math.toIntExact(shape.get(0));
        int cols = Math.toIntExact(shape.get(1));
        GgmlType type = quantization.ggmlType();
        if (cols % type.blockSize() != 0) type = GgmlType.F16;
        Supplier<GgufWriter.RowSource> source = () -> new GgufWriter.RowSource() {
            private int next;

            @Override
            public void nextRow(float[] row) {
                t.read((long) TensorNames.sourceRow(next++, rows, heads) * cols, row);
            }
        };
        writer.addTensor(name, type, new long[] {cols, rows}, source);
    }

    private static Map<String, GgufValue> hyperparameters(String name, HfConfig c, Quantization q) {
        String a = c.ggufArchitecture();
        Map<String, GgufValue> kv = new LinkedHashMap<>();
        kv.put("general.architecture", GgufValue.str(a));
        kv.put("general.name", GgufValue.str(name));
        kv.put("general.file_type", GgufValue.u32(q.ggmlType().llamaFileType()));
        kv.put("general.quantization_version", GgufValue.u32(2));
        kv.put(a + ".vocab_size", GgufValue.u32(c.vocabSize()));
        kv.put(a + ".context_length", GgufValue.u32(c.contextLength()));
        kv.put(a + ".embedding_length", GgufValue.u32(c.hiddenSize()));
        kv.put(a + ".block_count", GgufValue.u32(c.layers()));
        kv.put(a + ".feed_forward_length", GgufValue.u32(c.intermediateSize()));
        kv.put(a + ".attention.head_count", GgufValue.u32(c.heads()));
        kv.put(a + ".attention.head_count_kv", GgufValue.u32(c.kvHeads()));
        if (c.headDim() != c.hiddenSize() / c.heads()) {
            kv.put(a + ".attention.key_length", GgufValue.u32(c.headDim()));
            kv.put(a + ".attention.value_length", GgufValue.u32(c.headDim()));
        }
        kv.put(a + ".rope.dimension_count", GgufValue.u32(c.headDim()));
        kv.put(a + ".rope.freq_base", GgufValue.f32(c.ropeTheta()));
        kv.put(a + ".attention.layer_norm_rms_epsilon", GgufValue.f32(c.rmsNormEps()));
        Optional<String> scaling = c.ropeScalingType();
        if (scaling.isPresent()) {
            double factor = c.ropeScaling().orElseThrow().path("factor").asDouble(1.0);
            switch (scaling.get()) {
                case "default", "llama3" -> { } // llama3: rope_freqs.weight, see ropeFrequencyFactors
                case "linear" -> {
                    kv.put(a + ".rope.scaling.type", GgufValue.str("linear"));
                    kv.put(a + ".rope.scaling.factor", GgufValue.f32(factor));
                }
                case "yarn" -> {
                    kv.put(a + ".rope.scaling.type", GgufValue.str("yarn"));
                    kv.put(a + ".rope.scaling.factor", GgufValue.f32(factor));
                    kv.put(a + ".rope.scaling.original_context_length", GgufValue.u32(
                            c.ropeScaling().orElseThrow().path("original_max_position_embeddings").asInt(c.contextLength())));
                }
                default -> throw new ConversionException("config.json: rope_scaling type " + scaling.get()
                        + " is not supported (default, linear, yarn and llama3 are)");
            }
        }
        return kv;
    }

    /**
     * Llama 3.1-style RoPE scaling as llama.cpp wants it: one factor per rotated pair in
     * {@code rope_freqs.weight} (the computation of convert_hf_to_gguf.py's {@code generate_extra_tensors}).
     */
    static Optional<float[]> ropeFrequencyFactors(HfConfig c) {
        if (!c.ropeScalingType().orElse("").equals("llama3")) return Optional.empty();
        var s = c.ropeScaling().orElseThrow();
        double factor = s.path("factor").asDouble(8.0);
        double low = s.path("low_freq_factor").asDouble(1.0);
        double high = s.path("high_freq_factor").asDouble(4.0);
        double oldContext = s.path("original_max_position_embeddings").asDouble(8192);
        double lowWavelen = oldContext / low;
        double highWavelen = oldContext / high;
        int dim = c.headDim();
        float[] factors = new float[dim / 2];
        for (int i = 0; i < dim / 2; i++) {
            float freq = (float) (1.0 / Math.pow(c.ropeTheta(), (2.0 * i) / dim));
            double wavelen = 2 * Math.PI / freq;
            if (wavelen < highWavelen) factors[i] = 1f;
            else if (wavelen > lowWavelen) factors[i] = (float) factor;
            else {
                double smooth = (oldContext / wavelen - low) / (high - low);
                factors[i] = (float) (1 / ((1 - smooth) / factor + smooth));
            }
        }
        return Optional.of(factors);
    }
}
