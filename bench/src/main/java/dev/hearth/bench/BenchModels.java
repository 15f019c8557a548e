package dev.hearth.bench;

import dev.hearth.gguf.GgmlType;
import dev.hearth.gguf.GgufWriter;
import dev.hearth.gguf.llama.LlamaModelFiles;
import dev.hearth.gguf.llama.LlamaSpec;
import dev.hearth.gguf.llama.Vocabulary;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** The random-weight models with TinyLlama-1.1B's shape, written once and cached as GGUF files. */
final class BenchModels {

    static final LlamaSpec SPEC = LlamaSpec.tinyLlama1B();

    private BenchModels() {}

    private static Vocabulary vocabulary;

    private static synchronized Vocabulary vocabulary() {
        if (vocabulary == null) vocabulary = Vocabulary.english().paddedTo(SPEC.nVocab());
        return vocabulary;
    }

    /** The model file for {@code type}, written first when absent (the writer replaces files atomically). */
    static Path ensure(Path dir, GgmlType type) {
        Path file = dir.resolve("tinyllama-1.1b-shape-random-" + type.name().toLowerCase() + ".gguf");
        if (Files.isRegularFile(file)) return file;
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long started = System.nanoTime();
        Progress.say("writing %s ...", file);
        LlamaModelFiles.writeGguf(SPEC, vocabulary(), type, file);
        Progress.say("wrote %s (%.2f GB) in %.1f s", file.getFileName(), size(file) / 1e9, (System.nanoTime() - started) / 1e9);
        return file;
    }

    /**
     * Weight bytes one decode step reads for {@code streams} sequences: every 2-D weight and norm once, except
     * the token embedding table, of which one row per sequence.
     */
    static long weightBytesPerStep(GgmlType type, int streams) {
        GgufWriter layout = LlamaModelFiles.writer(SPEC, vocabulary(), type, Map.of());
        long total = 0;
        for (GgufWriter.TensorInfo t : layout.tensorInfos()) {
            if (t.name().equals("token_embd.weight")) total += streams * (t.nbytes() / t.rows());
            else total += t.nbytes();
        }
        return total;
    }

    /** KV cache bytes (F16 keys and values, llama.cpp's default) attended over for one sequence of {@code positions}. */
    static long kvBytes(long positions) {
        return positions * SPEC.nLayer() * 2L * SPEC.kvDim() * 2L;
    }

    static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
