package dev.hearth.cli;

import dev.hearth.gguf.GgmlType;
import dev.hearth.gguf.llama.LlamaModelFiles;
import dev.hearth.gguf.llama.LlamaSpec;
import dev.hearth.gguf.llama.Vocabulary;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The model {@code hearth up} serves when given none: a small llama-architecture model with random weights and a
 * ChatML chat template, written once under the Hearth home. It exercises every route offline, but its text is
 * gibberish; point {@code --model} at a real GGUF for real answers.
 */
final class DemoModel {

    static final String FILE = "hearth-demo-tiny-q8_0.gguf";

    private DemoModel() {}

    static Path ensure(Path home) {
        Path file = home.resolve("models").resolve(FILE);
        if (Files.isRegularFile(file)) return file;
        try {
            Files.createDirectories(file.getParent());
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("cannot create " + file.getParent() + ": " + e.getMessage());
        }
        LlamaSpec spec = new LlamaSpec(1024, 256, 4, 8, 4, 512, 2048, 1e-5, 10000.0, 7L);
        return LlamaModelFiles.writeGguf(spec, Vocabulary.withChatTokens().paddedTo(spec.nVocab()), GgmlType.Q8_0, file,
                Map.of("general.name", "hearth-demo-tiny", "tokenizer.chat_template", Vocabulary.CHATML_TEMPLATE));
    }
}
