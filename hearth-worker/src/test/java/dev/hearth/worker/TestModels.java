package dev.hearth.worker;

import dev.hearth.gguf.GgmlType;
import dev.hearth.gguf.llama.LlamaModelFiles;
import dev.hearth.gguf.llama.LlamaSpec;
import dev.hearth.gguf.llama.Vocabulary;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** The tests' own model: tiny, random weights, the testkit's English vocabulary with ChatML markers and template. */
public final class TestModels {

    public static final LlamaSpec SPEC = LlamaSpec.tiny();

    private TestModels() {}

    public static Path chatModel() {
        try {
            Path dir = Files.createTempDirectory("hearth-test-model");
            dir.toFile().deleteOnExit();
            Path file = LlamaModelFiles.writeGguf(SPEC, Vocabulary.withChatTokens().paddedTo(SPEC.nVocab()), GgmlType.F32,
                    dir.resolve("tiny-chat-f32.gguf"),
                    Map.of("tokenizer.chat_template", Vocabulary.CHATML_TEMPLATE, "general.name", "tiny-chat"));
            file.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Options for a worker on a random port with small limits. */
    public static WorkerOptions options(Path model) {
        return options(model, 400, 512);
    }

    /** As {@link #options(Path)} with these token limits (a context beyond the model's 512 trained positions). */
    public static WorkerOptions options(Path model, int maxInputTokens, int maxTotalTokens) {
        WorkerOptions d = WorkerOptions.defaults(model);
        return new WorkerOptions(model, java.util.Optional.of("tiny-chat"), "127.0.0.1", 0, java.util.Optional.of(maxInputTokens),
                java.util.Optional.of(maxTotalTokens), d.maxConcurrentRequests(), 4, d.maxStopSequences(), d.maxBestOf(),
                d.maxTopNTokens(), d.maxClientBatchSize(), d.payloadLimit(), 2, 64, java.util.Optional.empty(),
                java.util.Optional.empty());
    }
}
