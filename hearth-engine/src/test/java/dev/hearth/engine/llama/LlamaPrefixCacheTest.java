package dev.hearth.engine.llama;

import dev.hearth.engine.batch.BatchScheduler;
import dev.hearth.engine.batch.Collected;
import dev.hearth.engine.batch.Generation;
import dev.hearth.engine.batch.GenerationRequest;
import dev.hearth.engine.batch.SchedulerListener;
import dev.hearth.engine.sampling.SamplingParams;
import dev.hearth.gguf.GgmlType;
import dev.hearth.gguf.llama.LlamaModelFiles;
import dev.hearth.gguf.llama.LlamaSpec;
import dev.hearth.gguf.llama.Vocabulary;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The prompt cache on llama.cpp: a prompt served partly from a slot's cache generates exactly the tokens it generates
 * prefilled from scratch, greedy and seeded, on a Q4_0 model (the quantized kernels users run).
 */
class LlamaPrefixCacheTest {

    static final LlamaSpec SPEC = new LlamaSpec(1024, 128, 2, 4, 2, 256, 1024, 1e-5, 10000.0, 7L);
    static final SamplingParams SEEDED = new SamplingParams(true, 0.9, 40, 0.95, 1.0, 1.1, 0, 0, 1234L);

    @TempDir static Path dir;
    static LlamaRuntime runtime;

    @BeforeAll
    static void load() {
        Path gguf = LlamaModelFiles.writeGguf(SPEC, Vocabulary.english().paddedTo(SPEC.nVocab()), GgmlType.Q4_0,
                dir.resolve("small-q4_0.gguf"));
        LlamaLibrary lib = LlamaLibrary.load(NativeLibraries.locate(), (level, line) -> {});
        runtime = LlamaRuntime.open(lib, gguf, trained -> 1024, 4, 512, 2);
    }

    @AfterAll
    static void close() {
        runtime.close();
    }

    static GenerationRequest request(int[] prompt, SamplingParams sampling, int n) {
        return new GenerationRequest(prompt, sampling, n, List.of(), 0, false);
    }

    /** A prompt long enough to be prefilled in several chunks of the scheduler's budget (64). */
    static int[] longPrompt() {
        String text = String.join(" ", java.util.Collections.nCopies(12,
                "the quick brown fox jumps over the lazy dog while the cat sleeps in the sun"));
        return runtime.tokenize(text, true, false);
    }

    static int[] concat(int[]... parts) {
        return java.util.Arrays.stream(parts).flatMapToInt(java.util.Arrays::stream).toArray();
    }

    /** Generates each request on a fresh scheduler with the cache off: every prompt prefilled from scratch. */
    static List<int[]> uncached(List<GenerationRequest> requests) throws Exception {
        List<int[]> out = new ArrayList<>();
        try (BatchScheduler scheduler = new BatchScheduler(runtime, 64, SchedulerListener.NONE, false)) {
            for (GenerationRequest r : requests) out.add(Collected.drain(scheduler.submit(r)).ids());
        }
        return out;
    }

    @Test
    void aFollowUpTurnServedFromTheCacheGeneratesTheSameTokensGreedyAndSeeded() throws Exception {
        int[] first = longPrompt();
        assertThat(first.length).isGreaterThan(150);
        for (SamplingParams sampling : List.of(SamplingParams.greedy(), SEEDED)) {
            List<GenerationRequest> turns = new ArrayList<>();
            List<int[]> cached = new ArrayList<>();
            List<Integer> reused = new ArrayList<>();
            try (BatchScheduler scheduler = new BatchScheduler(runtime, 64, SchedulerListener.NONE, true)) {
                GenerationRequest turn1 = request(first, sampling, 16);
                Collected one = Collected.drain(scheduler.submit(turn1));
                // The next turn resends the conversation: the prompt, the answer, a new question.
                int[] second = concat(first, one.ids(), runtime.tokenize(" and then the dog runs away", false, false));
                GenerationRequest turn2 = request(second, sampling, 16);
                Collected two = Collected.drain(scheduler.submit(turn2));
                // The very same prompt again: all but its last token come from the cache.
                Collected three = Collected.drain(scheduler.submit(turn2));
                turns.addAll(List.of(turn1, turn2, turn2));
                for (Collected c : List.of(one, two, three)) {
                    cached.add(c.ids());
                    reused.add(c.result().cachedTokens());
                }
            }
            assertThat(reused.get(0)).isZero();
            assertThat(reused.get(1)).as("turn 2 reuses turn 1's prompt, in whole chunks of 64")
                    .isEqualTo(first.length / 64 * 64);
            assertThat(reused.get(2)).as("all whole chunks but the one holding the last token")
                    .isEqualTo((turns.get(2).prompt().length - 1) / 64 * 64);
            List<int[]> fresh = uncached(turns);
            for (int i = 0; i < turns.size(); i++) {
                assertThat(cached.get(i)).as("turn %d, %s", i + 1, sampling).isEqualTo(fresh.get(i));
            }
        }
    }

    @Test
    void aRequestWithOtherSamplingOrSeedOverACachedPromptGetsItsUncachedTokens() throws Exception {
        int[] prompt = longPrompt();
        SamplingParams otherSeed = new SamplingParams(true, 0.9, 40, 0.95, 1.0, 1.1, 0, 0, 99L);
        List<GenerationRequest> requests = List.of(request(prompt, SamplingParams.greedy(), 12),
                request(prompt, SEEDED, 12), request(prompt, otherSeed, 12));
        List<int[]> cached = new ArrayList<>();
        try (BatchScheduler scheduler = new BatchScheduler(runtime, 64, SchedulerListener.NONE, true)) {
            for (GenerationRequest r : requests) {
                Collected c = Collected.drain(scheduler.submit(r));
                cached.add(c.ids());
                if (r != requests.getFirst()) assertThat(c.result().cachedTokens()).isEqualTo((prompt.length - 1) / 64 * 64);
            }
        }
        List<int[]> fresh = uncached(requests);
        for (int i = 0; i < requests.size(); i++) assertThat(cached.get(i)).as("request %d", i).isEqualTo(fresh.get(i));
        assertThat(cached.get(1)).as("seeds still matter").isNotEqualTo(cached.get(2));
    }

    @Test
    void evictingIdlePrefixesWhileASequenceRunsLeavesItsTokensUntouched() throws Exception {
        int[] longRun = runtime.tokenize("once upon a time there was a king", true, false);
        int[] alone = uncached(List.of(request(longRun, SamplingParams.greedy(), 120))).getFirst();
        try (BatchScheduler scheduler = new BatchScheduler(runtime, 64, SchedulerListener.NONE, true)) {
            Generation running = scheduler.submit(request(longRun, SamplingParams.greedy(), 120));
            // Meanwhile eight conversations, two turns each, cycle through the three other slots: hits and evictions.
            for (int c = 0; c < 8; c++) {
                int offset = c * 13;
                int[] p = concat(runtime.tokenize("conversation " + c, true, false),
                        IntStream.range(0, 40).map(i -> 10 + (i * 7 + offset) % 500).toArray());
                Collected t1 = Collected.drain(scheduler.submit(request(p, SamplingParams.greedy(), 6)));
                Collected.drain(scheduler.submit(request(concat(p, t1.ids()), SamplingParams.greedy(), 6)));
            }
            assertThat(Collected.drain(running).ids()).isEqualTo(alone);
        }
    }

    @Test
    void theCacheHoldsExactlyThePositionsTheSchedulerRecorded() throws Exception {
        int[] prompt = longPrompt();
        int kept = prompt.length - 10;
        int generated;
        try (BatchScheduler scheduler = new BatchScheduler(runtime, 64, SchedulerListener.NONE, true)) {
            generated = Collected.drain(scheduler.submit(request(prompt, SamplingParams.greedy(), 5))).ids().length;
            int[] next = concat(java.util.Arrays.copyOf(prompt, kept), new int[]{5, 6, 7});
            Collected c = Collected.drain(scheduler.submit(request(next, SamplingParams.greedy(), 1)));
            assertThat(c.result().cachedTokens()).isEqualTo(kept / 64 * 64);
        }
        // The scheduler is closed (its thread gone), so reading the cache here races with nothing.
        // Slot 0 held the prompt and 4 generated tokens, was cut to the whole chunks it shares with the next
        // prompt, then got the rest of that prompt; its single generated token was never decoded.
        assertThat(generated).isEqualTo(5);
        assertThat(runtime.cachedPositions(0)).isEqualTo(kept + 3);
    }
}
