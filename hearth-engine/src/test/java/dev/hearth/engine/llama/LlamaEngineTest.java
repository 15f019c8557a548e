package dev.hearth.engine.llama;

import dev.hearth.engine.FinishReason;
import dev.hearth.engine.batch.BatchScheduler;
import dev.hearth.engine.batch.Collected;
import dev.hearth.engine.batch.Generation;
import dev.hearth.engine.batch.GenerationRequest;
import dev.hearth.engine.batch.SchedulerListener;
import dev.hearth.engine.sampling.SamplingParams;
import dev.hearth.gguf.GgmlType;
import dev.hearth.gguf.llama.LlamaModelFiles;
import dev.hearth.gguf.llama.LlamaSpec;
import dev.hearth.testkit.ReferenceLlama;
import dev.hearth.gguf.llama.Vocabulary;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The llama.cpp engine, driven by the batch scheduler, against the testkit's float64 reference forward pass. */
class LlamaEngineTest {

    static final LlamaSpec SPEC = LlamaSpec.tiny();
    static final int NEW_TOKENS = 32;

    @TempDir static Path dir;
    static LlamaRuntime runtime;
    static BatchScheduler scheduler;

    @BeforeAll
    static void load() {
        Path gguf = LlamaModelFiles.writeGguf(SPEC, Vocabulary.english().paddedTo(SPEC.nVocab()), GgmlType.F32,
                dir.resolve("tiny-f32.gguf"));
        LlamaLibrary lib = LlamaLibrary.load(NativeLibraries.locate(), (level, line) -> {});
        runtime = LlamaRuntime.open(lib, gguf, trained -> 512, 4, 512, 2);
        scheduler = new BatchScheduler(runtime, 64, SchedulerListener.NONE);
    }

    @AfterAll
    static void close() {
        scheduler.close();
        runtime.close();
    }

    static GenerationRequest greedy(int[] prompt, int n) {
        return new GenerationRequest(prompt, SamplingParams.greedy(), n, List.of(), 0, false);
    }

    @Test
    void greedyTokensEqualTheFloat64ReferenceForwardPass() throws Exception {
        int[] prompt = runtime.tokenize("the quick brown fox jumps over the lazy dog", true, false);
        assertThat(prompt.length).isGreaterThan(3);

        Collected got = Collected.drain(scheduler.submit(greedy(prompt, NEW_TOKENS)));
        int[] expected = ReferenceLlama.create(SPEC, GgmlType.F32).greedy(prompt, NEW_TOKENS);

        int[] ids = got.ids();
        assertThat(ids).isEqualTo(Arrays.copyOf(expected, ids.length));
        if (got.result().finishReason() == FinishReason.LENGTH) assertThat(ids).hasSize(NEW_TOKENS);
        else assertThat(runtime.isEndOfGeneration(ids[ids.length - 1])).isTrue();
        assertThat(Arrays.stream(ids).distinct().count()).as("random weights still vary the output").isGreaterThan(3);
    }

    @Test
    void eachSequenceInABatchGeneratesWhatItWouldGenerateAlone() throws Exception {
        List<int[]> prompts = List.of(
                runtime.tokenize("once upon a time", true, false),
                runtime.tokenize("in the beginning there was", true, false),
                runtime.tokenize("a b c d e f g h i j k l m n o p q r s t u v w x y z", true, false),
                runtime.tokenize("hello", true, false));
        List<int[]> alone = new ArrayList<>();
        for (int[] p : prompts) alone.add(Collected.drain(scheduler.submit(greedy(p, NEW_TOKENS))).ids());

        List<Generation> together = new ArrayList<>();
        for (int[] p : prompts) together.add(scheduler.submit(greedy(p, NEW_TOKENS)));
        for (int i = 0; i < prompts.size(); i++) {
            assertThat(Collected.drain(together.get(i)).ids()).as("sequence %d", i).isEqualTo(alone.get(i));
        }
    }

    @Test
    void theSameSeedSamplesTheSameTokensAndAnotherSeedDiffers() throws Exception {
        int[] prompt = runtime.tokenize("the weather today", true, false);
        SamplingParams a = new SamplingParams(true, 1.5, 0, 1.0, 1.0, 1.0, 0, 0, 7L);
        SamplingParams b = new SamplingParams(true, 1.5, 0, 1.0, 1.0, 1.0, 0, 0, 8L);
        int[] first = Collected.drain(scheduler.submit(new GenerationRequest(prompt, a, 24, List.of(), 0, false))).ids();
        int[] again = Collected.drain(scheduler.submit(new GenerationRequest(prompt, a, 24, List.of(), 0, false))).ids();
        int[] other = Collected.drain(scheduler.submit(new GenerationRequest(prompt, b, 24, List.of(), 0, false))).ids();
        assertThat(again).isEqualTo(first);
        assertThat(other).isNotEqualTo(first);
    }

    @Test
    void aCancelledGenerationStopsAndFreesItsSlot() throws Exception {
        int[] prompt = runtime.tokenize("cancel me", true, false);
        Generation g = scheduler.submit(greedy(prompt, 400));
        g.next(java.time.Duration.ofSeconds(30)); // first token arrived: it is running
        g.cancel();
        Collected rest = Collected.drain(g);
        assertThat(rest.failure()).isNotNull();
        assertThat(rest.failure().cancelled()).isTrue();
        // All four slots are usable again.
        List<Generation> four = new ArrayList<>();
        for (int i = 0; i < 4; i++) four.add(scheduler.submit(greedy(prompt, 4)));
        for (Generation each : four) assertThat(Collected.drain(each).result()).isNotNull();
    }
}
