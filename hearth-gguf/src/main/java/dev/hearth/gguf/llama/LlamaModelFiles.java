package dev.hearth.gguf.llama;

import dev.hearth.gguf.GgmlType;
import dev.hearth.gguf.GgufValue;
import dev.hearth.gguf.GgufWriter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Writes random-weight llama-architecture models as GGUF files that llama.cpp loads with its {@code llama}
 * architecture. The weights are those of {@link LlamaTensors} for the spec's seed, so
 * the testkit's {@code ReferenceLlama.create(LlamaSpec, GgmlType)} computes what the file encodes.
 *
 * <p>Q and K rows are written as generated, without the Hugging Face → GGUF row permutation: llama.cpp's
 * {@code llama} architecture applies RoPE to adjacent pairs (x[2i], x[2i+1]), and the reference does the
 * same, so both describe one and the same model.
 */
public final class LlamaModelFiles {
    private LlamaModelFiles() {
    }

    /** {@link #writeGguf(LlamaSpec, Vocabulary, GgmlType, Path, Map)} without extra metadata. */
    public static Path writeGguf(LlamaSpec spec, Vocabulary vocab, GgmlType weightType, Path file) {
        return writeGguf(spec, vocab, weightType, file, Map.of());
    }

    /**
     * Writes the model to {@code file} (replaced atomically) and returns {@code file}. Norm weights are
     * F32; every 2-D weight, token embedding included, is {@code weightType}. {@code extraMetadata} is
     * added last and may override keys (e.g. {@code tokenizer.chat_template}); plain Java values are
     * converted by {@link GgufValue#of(Object)}. Streams tensor by tensor: memory use does not grow with
     * the model. Requires {@code vocab.size() == spec.nVocab()} (see {@link Vocabulary#paddedTo(int)}).
     */
    public static Path writeGguf(LlamaSpec spec, Vocabulary vocab, GgmlType weightType, Path file,
                                 Map<String, ?> extraMetadata) {
        try {
            writer(spec, vocab, weightType, extraMetadata).write(file);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file, e);
        }
        return file;
    }

    /**
     * A writer holding the model's metadata and (lazily generated) tensors, not yet written: its
     * {@link GgufWriter#tensorInfos()} give the file layout without generating any weights.
     */
    public static GgufWriter writer(LlamaSpec spec, Vocabulary vocab, GgmlType weightType,
                                    Map<String, ?> extraMetadata) {
        if (vocab.size() != spec.nVocab()) {
            throw new IllegalArgumentException("vocabulary has " + vocab.size() + " tokens but the spec says "
                    + spec.nVocab() + "; use vocab.paddedTo(spec.nVocab())");
        }
        GgufWriter writer = new GgufWriter();
        metadata(spec, weightType).forEach(writer::put);
        vocab.ggufMetadata().forEach(writer::put);
        writer.putAll(extraMetadata);
        for (LlamaTensors.Tensor t : LlamaTensors.all(spec)) {
            writer.addTensor(t.name(), t.storageType(weightType), t.dims(), () -> LlamaTensors.rows(spec, t));
        }
        return writer;
    }

    /** The {@code general.*} and {@code llama.*} keys, with the types llama.cpp's loader requires. */
    public static Map<String, GgufValue> metadata(LlamaSpec spec, GgmlType weightType) {
        return orderedMap(
                "general.architecture", GgufValue.str("llama"),
                "general.name", GgufValue.str(name(spec, weightType)),
                "general.file_type", GgufValue.u32(weightType.llamaFileType()),
                "llama.vocab_size", GgufValue.u32(spec.nVocab()),
                "llama.context_length", GgufValue.u32(spec.contextLength()),
                "llama.embedding_length", GgufValue.u32(spec.nEmbd()),
                "llama.block_count", GgufValue.u32(spec.nLayer()),
                "llama.feed_forward_length", GgufValue.u32(spec.nFf()),
                "llama.attention.head_count", GgufValue.u32(spec.nHead()),
                "llama.attention.head_count_kv", GgufValue.u32(spec.nHeadKv()),
                "llama.rope.dimension_count", GgufValue.u32(spec.headDim()),
                "llama.rope.freq_base", GgufValue.f32(spec.ropeTheta()),
                "llama.attention.layer_norm_rms_epsilon", GgufValue.f32(spec.rmsEps()));
    }

    /** A descriptive model name, e.g. {@code hearth-random-llama-64x2-q8_0-seed42}. */
    public static String name(LlamaSpec spec, GgmlType weightType) {
        return "hearth-random-llama-" + spec.nEmbd() + "x" + spec.nLayer() + "-"
                + weightType.name().toLowerCase(java.util.Locale.ROOT) + "-seed" + spec.seed();
    }

    private static Map<String, GgufValue> orderedMap(Object... keysAndValues) {
        var map = new java.util.LinkedHashMap<String, GgufValue>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], (GgufValue) keysAndValues[i + 1]);
        }
        return map;
    }
}
