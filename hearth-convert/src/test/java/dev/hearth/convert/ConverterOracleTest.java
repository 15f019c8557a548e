package dev.hearth.convert;

import dev.hearth.testkit.HfFolderWriter;

import dev.hearth.engine.batch.BatchScheduler;
import dev.hearth.engine.batch.Generation;
import dev.hearth.engine.batch.GenerationEvent;
import dev.hearth.engine.batch.GenerationRequest;
import dev.hearth.engine.batch.SchedulerListener;
import dev.hearth.engine.llama.LlamaLibrary;
import dev.hearth.engine.llama.LlamaRuntime;
import dev.hearth.engine.llama.NativeLibraries;
import dev.hearth.engine.sampling.SamplingParams;
import dev.hearth.gguf.GgmlType;
import dev.hearth.gguf.llama.LlamaModelFiles;
import dev.hearth.gguf.llama.LlamaSpec;
import dev.hearth.gguf.llama.Vocabulary;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The converter oracle: one set of random weights written directly as GGUF by the testkit and as a
 * Hugging Face folder (Q/K rows in HF layout, tokenizer.json); llama.cpp must generate exactly the same
 * greedy tokens, and tokenize text the same way, from the converted file as from the direct one.
 */
class ConverterOracleTest {
    static final LlamaSpec SPEC = LlamaSpec.tiny();
    static final Vocabulary VOCAB = Vocabulary.withChatTokens().paddedTo(SPEC.nVocab());
    static final List<String> PROMPTS = List.of(
            "the quick brown fox jumps over the lazy dog",
            "Once upon a time, in the beginning there was",
            "hello\nworld 123 ünïcödé ✓");

    @TempDir static Path dir;
    static LlamaLibrary lib;
    static Path folder;

    record Behaviour(List<int[]> tokens, List<int[]> generated, Optional<String> chatTemplate) {
    }

    @BeforeAll
    static void writeTwins() throws Exception {
        lib = LlamaLibrary.load(NativeLibraries.locate(), (level, line) -> {});
        folder = HfFolderWriter.write(SPEC, VOCAB, dir.resolve("tiny-llama"), 1);
    }

    static Behaviour run(Path gguf) throws Exception {
        LlamaRuntime runtime = LlamaRuntime.open(lib, gguf, trained -> 256, 1, 256, 1); // one thread: no spinning on a busy CI host
        BatchScheduler scheduler = new BatchScheduler(runtime, 64, SchedulerListener.NONE);
        try {
            List<int[]> tokens = new ArrayList<>();
            List<int[]> generated = new ArrayList<>();
            for (String p : PROMPTS) {
                int[] prompt = runtime.tokenize(p, true, false);
                tokens.add(prompt);
                generated.add(drain(scheduler.submit(new GenerationRequest(prompt, SamplingParams.greedy(),
                        20, List.of(), 0, false))));
            }
            tokens.add(runtime.tokenize("<|im_start|>user\nhi<|im_end|>", true, true));
            return new Behaviour(tokens, generated, runtime.description().chatTemplate());
        } finally {
            scheduler.close();
            runtime.close();
        }
    }

    /** The generated token ids, until the last token or a failure. */
    static int[] drain(Generation generation) throws InterruptedException {
        List<Integer> ids = new ArrayList<>();
        while (true) {
            GenerationEvent e = generation.next(Duration.ofSeconds(60));
            if (e == null) throw new AssertionError("no event within 60 s");
            switch (e) {
                case GenerationEvent.Token t -> {
                    ids.add(t.token().id());
                    if (t.last()) return ids.stream().mapToInt(Integer::intValue).toArray();
                }
                case GenerationEvent.Failed f -> throw new AssertionError("generation failed: " + f);
            }
        }
    }

    static void assertSameBehaviour(Behaviour converted, Behaviour direct) {
        assertThat(converted.tokens()).hasSameSizeAs(direct.tokens());
        for (int i = 0; i < direct.tokens().size(); i++) {
            assertThat(converted.tokens().get(i)).as("tokens of text %d", i).isEqualTo(direct.tokens().get(i));
        }
        for (int i = 0; i < direct.generated().size(); i++) {
            assertThat(converted.generated().get(i)).as("greedy tokens after prompt %d", i)
                    .isEqualTo(direct.generated().get(i));
            assertThat(direct.generated().get(i).length).isGreaterThan(3);
        }
    }

    @Test
    void anF32ConversionGeneratesExactlyWhatTheDirectGgufGenerates() throws Exception {
        Path direct = LlamaModelFiles.writeGguf(SPEC, VOCAB, GgmlType.F32, dir.resolve("direct-f32.gguf"),
                Map.of("tokenizer.chat_template", HfFolderWriter.CHAT_TEMPLATE));
        Path converted = Converter.convert(folder, Quantization.F32, dir.resolve("cache"));
        Behaviour want = run(direct);
        Behaviour got = run(converted);
        assertSameBehaviour(got, want);
        assertThat(got.chatTemplate()).contains(HfFolderWriter.CHAT_TEMPLATE);
        assertThat(got.tokens().getLast()).as("chat tokens are single special tokens")
                .contains(VOCAB.idOf(Vocabulary.IM_START).getAsInt(), VOCAB.idOf(Vocabulary.IM_END).getAsInt());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Quantization.class, names = {"F16", "Q8_0", "Q4_0"})
    void aQuantizedConversionGeneratesExactlyWhatTheDirectGgufOfThatTypeGenerates(Quantization q) throws Exception {
        Path direct = LlamaModelFiles.writeGguf(SPEC, VOCAB, q.ggmlType(), dir.resolve("direct-" + q.fileTag() + ".gguf"));
        Path converted = Converter.convert(folder, q, dir.resolve("cache"));
        assertSameBehaviour(run(converted), run(direct));
    }
}
