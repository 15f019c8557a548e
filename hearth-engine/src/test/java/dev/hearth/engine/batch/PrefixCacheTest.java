package dev.hearth.engine.batch;

import dev.hearth.engine.sampling.SamplingParams;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How the scheduler uses the prompt cache: which slot a prompt gets, which positions it prefills, what it evicts.
 * The recording runtime always predicts token 3. The prefill grid here is 2 tokens, so a slot keeps its prompt's
 * whole 2-token chunks. Whether reused cache entries give the same tokens is tested on llama.cpp itself
 * (LlamaPrefixCacheTest).
 */
class PrefixCacheTest {

    static final int GRID = 2;

    static GenerationRequest request(int[] prompt, int newTokens) {
        return new GenerationRequest(prompt, SamplingParams.greedy(), newTokens, List.of(), 0, false);
    }

    /** Positions the scheduler fed for slot {@code slot} in the batches recorded from index {@code from} on. */
    static int[] positionsFed(RecordingRuntime runtime, int from, int slot) {
        List<RecordingRuntime.Batch> batches = runtime.batches();
        return batches.subList(from, batches.size()).stream()
                .flatMapToInt(b -> IntStream.range(0, b.seq().length).filter(i -> b.seq()[i] == slot).map(i -> b.pos()[i]))
                .toArray();
    }

    static int[] prompt(int... tokens) {
        return tokens;
    }

    @Test
    void aFollowUpPromptIsPrefilledOnlyFromWhereItDiffersFromWhatTheSlotHolds() throws Exception {
        RecordingRuntime runtime = new RecordingRuntime(4, 512);
        try (BatchScheduler scheduler = new BatchScheduler(runtime, GRID, SchedulerListener.NONE)) {
            int[] first = prompt(1, 0, 1, 0, 1, 0);
            Collected turn1 = Collected.drain(scheduler.submit(request(first, 4)));
            assertThat(turn1.result().cachedTokens()).isZero();
            // The slot keeps the prompt (three whole chunks); the generated tokens, decoded one per step, go.
            int[] second = prompt(1, 0, 1, 0, 1, 0, 3, 3, 0, 0);
            int before = runtime.batches().size();
            Collected turn2 = Collected.drain(scheduler.submit(request(second, 2)));
            assertThat(turn2.result().cachedTokens()).isEqualTo(6);
            assertThat(positionsFed(runtime, before, 0)).as("prompt positions 6 to 9, then one generated token")
                    .containsExactly(6, 7, 8, 9, 10);
            assertThat(runtime.trims()).as("the generated tokens were cut from the slot's cache")
                    .contains(new RecordingRuntime.Trim(0, 6));
        }
    }

    @Test
    void aPromptTheSlotHoldsWhollyStillDecodesItsLastTokenForLogits() throws Exception {
        RecordingRuntime runtime = new RecordingRuntime(2, 512);
        try (BatchScheduler scheduler = new BatchScheduler(runtime, GRID, SchedulerListener.NONE)) {
            int[] p = prompt(1, 0, 0, 1);
            Collected.drain(scheduler.submit(request(p, 3)));
            int before = runtime.batches().size();
            Collected again = Collected.drain(scheduler.submit(request(p, 1)));
            assertThat(again.result().cachedTokens()).as("all but the last chunk, which holds the last token")
                    .isEqualTo(2);
            List<RecordingRuntime.Batch> batches = runtime.batches().subList(before, runtime.batches().size());
            assertThat(batches).hasSize(1);
            assertThat(batches.getFirst().pos()).containsExactly(2, 3);
            assertThat(batches.getFirst().logits()).containsExactly(false, true);
        }
    }

    @Test
    void theLongestSharedPrefixWinsThenTheLeastRecentlyUsedSlotIsEvicted() throws Exception {
        RecordingRuntime runtime = new RecordingRuntime(3, 512);
        try (BatchScheduler scheduler = new BatchScheduler(runtime, GRID, SchedulerListener.NONE)) {
            // Three conversations fill slots 0, 1, 2 (one at a time, so each takes the lowest empty slot).
            int[][] conversations = {prompt(1, 0, 0, 0), prompt(1, 1, 1, 1), prompt(0, 1, 0, 1)};
            for (int[] c : conversations) Collected.drain(scheduler.submit(request(c, 2)));
            // Conversation 1 comes back: its own slot, not one that shares only the first token.
            int before = runtime.batches().size();
            Collected back = Collected.drain(scheduler.submit(request(prompt(1, 1, 1, 1, 3, 2), 2)));
            assertThat(back.result().cachedTokens()).isEqualTo(4);
            assertThat(positionsFed(runtime, before, 1)).containsExactly(4, 5, 6);
            // A new conversation shares a whole chunk with none: slot 0, the least recently used, is evicted.
            before = runtime.batches().size();
            Collected fresh = Collected.drain(scheduler.submit(request(prompt(1, 2, 2, 2), 2)));
            assertThat(fresh.result().cachedTokens()).isZero();
            assertThat(positionsFed(runtime, before, 0)).as("the new prompt went to slot 0").startsWith(0, 1, 2, 3);
            // Conversation 1 is still whole in slot 1; conversation 0 is gone.
            assertThat(Collected.drain(scheduler.submit(request(prompt(1, 1, 1, 1, 3, 2, 3, 3), 1))).result().cachedTokens())
                    .isEqualTo(6);
            assertThat(Collected.drain(scheduler.submit(request(prompt(1, 0, 0, 0, 3, 1), 1))).result().cachedTokens())
                    .isZero();
        }
    }

    @Test
    void aRunningSequenceSlotIsNeverTrimmedOrHandedOut() throws Exception {
        RecordingRuntime runtime = new RecordingRuntime(2, 512);
        try (BatchScheduler scheduler = new BatchScheduler(runtime, GRID, SchedulerListener.NONE)) {
            int[] p = prompt(1, 0, 1, 1);
            Collected.drain(scheduler.submit(request(p, 2))); // slot 0 holds p
            Generation running = scheduler.submit(request(p, 300)); // takes slot 0 and keeps it busy
            running.next(java.time.Duration.ofSeconds(5));
            int trimsBefore = runtime.trims().size();
            Collected other = Collected.drain(scheduler.submit(request(p, 2)));
            assertThat(other.result().cachedTokens()).as("slot 1 holds nothing yet").isZero();
            assertThat(runtime.trims().subList(trimsBefore, runtime.trims().size()))
                    .noneMatch(t -> t.seq() == 0);
            running.cancel();
            Collected.drain(running);
        }
    }

    @Test
    void promptLogprobsAndADisabledCacheReuseNothing() throws Exception {
        RecordingRuntime runtime = new RecordingRuntime(2, 512);
        int[] p = prompt(1, 0, 1, 1, 0);
        try (BatchScheduler scheduler = new BatchScheduler(runtime, GRID, SchedulerListener.NONE)) {
            Collected.drain(scheduler.submit(request(p, 2)));
            Collected logprobs = Collected.drain(scheduler.submit(new GenerationRequest(p, SamplingParams.greedy(), 2,
                    List.of(), 0, true)));
            assertThat(logprobs.result().cachedTokens()).isZero();
            assertThat(logprobs.result().promptTokens()).hasSize(p.length);
        }
        try (BatchScheduler scheduler = new BatchScheduler(runtime, GRID, SchedulerListener.NONE, false)) {
            Collected.drain(scheduler.submit(request(p, 2)));
            int before = runtime.batches().size();
            Collected again = Collected.drain(scheduler.submit(request(p, 2)));
            assertThat(again.result().cachedTokens()).isZero();
            assertThat(positionsFed(runtime, before, 0)).startsWith(0, 1, 2, 3, 4);
        }
    }

    @Test
    void theListenerHearsPromptAndReusedTokensOfEveryAdmission() throws Exception {
        RecordingRuntime runtime = new RecordingRuntime(2, 512);
        List<int[]> admissions = new java.util.concurrent.CopyOnWriteArrayList<>();
        SchedulerListener listener = new SchedulerListener() {
            @Override public void onAdmit(int promptTokens, int reusedTokens) { admissions.add(new int[]{promptTokens, reusedTokens}); }
        };
        try (BatchScheduler scheduler = new BatchScheduler(runtime, GRID, listener)) {
            Collected.drain(scheduler.submit(request(prompt(1, 0, 1), 3)));
            Collected.drain(scheduler.submit(request(prompt(1, 0, 1, 3, 3, 0), 1)));
        }
        assertThat(admissions).extracting(Arrays::toString).containsExactly("[3, 0]", "[6, 2]");
    }
}
