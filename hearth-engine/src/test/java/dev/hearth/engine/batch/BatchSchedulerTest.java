package dev.hearth.engine.batch;

import dev.hearth.engine.sampling.SamplingParams;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** How the scheduler composes batches: which entries go into each decode call, in what order. */
class BatchSchedulerTest {

    static GenerationRequest request(int promptLength, int newTokens) {
        int[] prompt = new int[promptLength];
        Arrays.fill(prompt, 3);
        return new GenerationRequest(prompt, SamplingParams.greedy(), newTokens, List.of(), 0, false);
    }

    @Test
    void aLongPromptIsFedInChunksWhileOtherSequencesKeepGettingATokenEveryStep() throws Exception {
        RecordingRuntime runtime = new RecordingRuntime(4, 512);
        try (BatchScheduler scheduler = new BatchScheduler(runtime, 64, SchedulerListener.NONE)) {
            Generation running = scheduler.submit(request(4, 200));
            running.next(java.time.Duration.ofSeconds(5)); // it is generating
            Generation longPrompt = scheduler.submit(request(1000, 1));
            Collected.drain(longPrompt);
            Collected.drain(running);
        }
        List<RecordingRuntime.Batch> mixed = runtime.batches().stream()
                .filter(b -> Arrays.stream(b.seq()).distinct().count() == 2).toList();
        assertThat(mixed).as("steps holding both sequences").hasSizeGreaterThanOrEqualTo(1000 / 64);
        for (RecordingRuntime.Batch b : mixed) {
            long prompt = Arrays.stream(b.seq()).filter(s -> s == 1).count();
            long decode = Arrays.stream(b.seq()).filter(s -> s == 0).count();
            assertThat(decode).as("the running sequence gets one token per step").isEqualTo(1);
            assertThat(prompt).as("prompt tokens per step are bounded by the prefill budget").isLessThanOrEqualTo(64);
        }
    }

    @Test
    void entriesGoInIncreasingSlotOrderAndNewSequencesTakeTheLowestFreeSlot() throws Exception {
        RecordingRuntime runtime = new RecordingRuntime(4, 512);
        try (BatchScheduler scheduler = new BatchScheduler(runtime, 64, SchedulerListener.NONE)) {
            List<Generation> first = new ArrayList<>();
            int[] lengths = {30, 5, 30, 30}; // the sequence in slot 1 ends first
            for (int n : lengths) first.add(scheduler.submit(request(2, n)));
            Collected.drain(first.get(1));
            Generation late = scheduler.submit(request(2, 10));
            Collected.drain(late);
            for (int i : new int[]{0, 2, 3}) Collected.drain(first.get(i));
        }
        for (RecordingRuntime.Batch b : runtime.batches()) {
            for (int i = 1; i < b.seq().length; i++) {
                assertThat(b.seq()[i]).as("slot order within a batch: %s", Arrays.toString(b.seq())).isGreaterThanOrEqualTo(b.seq()[i - 1]);
            }
        }
        // The late request reused slot 1, so the batches stayed dense: 0,1,2,3 and never 0,2,3,4 or a gap.
        assertThat(runtime.batches()).allSatisfy(b -> assertThat(Arrays.stream(b.seq()).max().orElse(0)).isLessThan(4));
        assertThat(runtime.batches().stream().filter(b -> Arrays.stream(b.seq()).distinct().count() == 4).count())
                .as("steps with all four slots after the late request joined").isPositive();
    }
}
