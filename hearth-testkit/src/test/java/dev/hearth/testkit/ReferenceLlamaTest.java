package dev.hearth.testkit;

import dev.hearth.gguf.GgmlType;
import dev.hearth.gguf.llama.LlamaSpec;
import dev.hearth.gguf.llama.Vocabulary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ReferenceLlamaTest {
    private static final LlamaSpec TINY = LlamaSpec.tiny();
    private static final int[] PROMPT = {Vocabulary.BOS_ID, 400, 500, 600};

    @Test
    void the_same_spec_and_type_give_identical_logits() {
        double[] a = ReferenceLlama.create(TINY, GgmlType.Q8_0).logits(Vocabulary.BOS_ID);
        double[] b = ReferenceLlama.create(TINY, GgmlType.Q8_0).logits(Vocabulary.BOS_ID);
        assertThat(a).containsExactly(b);
    }

    @ParameterizedTest
    @EnumSource(GgmlType.class)
    void logits_are_finite_spread_out_and_one_per_vocabulary_entry(GgmlType type) {
        double[] logits = ReferenceLlama.create(TINY, type).logits(Vocabulary.BOS_ID);
        assertThat(logits).hasSize(TINY.nVocab());
        assertThat(Arrays.stream(logits).allMatch(Double::isFinite)).isTrue();
        double rms = Math.sqrt(Arrays.stream(logits).map(v -> v * v).average().orElseThrow());
        assertThat(rms).isBetween(0.3, 5.0);
    }

    @ParameterizedTest
    @EnumSource(GgmlType.class)
    void greedy_decoding_wanders_instead_of_repeating_one_token(GgmlType type) {
        int[] out = ReferenceLlama.create(TINY, type).greedy(PROMPT, 32);
        assertThat(out).hasSize(32);
        assertThat(Arrays.stream(out).distinct().count()).isGreaterThanOrEqualTo(12);
        long changes = IntStream.range(1, out.length).filter(i -> out[i] != out[i - 1]).count();
        assertThat(changes).as("the top-1 token changes at every step").isEqualTo(out.length - 1);
    }

    @Test
    void greedy_restarts_from_an_empty_cache_each_time() {
        ReferenceLlama ref = ReferenceLlama.create(TINY, GgmlType.F32);
        int[] first = ref.greedy(PROMPT, 16);
        assertThat(ref.position()).isEqualTo(PROMPT.length + 15);
        assertThat(ref.greedy(PROMPT, 16)).containsExactly(first);
    }

    @Test
    void the_same_token_at_a_later_position_sees_its_context() {
        ReferenceLlama ref = ReferenceLlama.create(TINY, GgmlType.F32);
        double[] first = ref.logits(7);
        double[] second = ref.logits(7);
        assertThat(second).isNotEqualTo(first);
    }

    @Test
    void rope_leaves_position_zero_unrotated_and_rotates_later_positions() {
        LlamaSpec otherBase = new LlamaSpec(TINY.nVocab(), TINY.nEmbd(), TINY.nLayer(), TINY.nHead(), TINY.nHeadKv(),
                TINY.nFf(), TINY.contextLength(), TINY.rmsEps(), 500.0, TINY.seed());
        ReferenceLlama a = ReferenceLlama.create(TINY, GgmlType.F32);
        ReferenceLlama b = ReferenceLlama.create(otherBase, GgmlType.F32);
        assertThat(b.logits(5)).containsExactly(a.logits(5));
        assertThat(b.logits(6)).isNotEqualTo(a.logits(6));
    }

    @Test
    void quantized_weights_change_logits_a_little_q8_less_than_q4() {
        double[] f32 = ReferenceLlama.create(TINY, GgmlType.F32).logits(Vocabulary.BOS_ID);
        double q8 = rmsDiff(f32, ReferenceLlama.create(TINY, GgmlType.Q8_0).logits(Vocabulary.BOS_ID));
        double q4 = rmsDiff(f32, ReferenceLlama.create(TINY, GgmlType.Q4_0).logits(Vocabulary.BOS_ID));
        assertThat(q8).isGreaterThan(0).isLessThan(0.05);
        assertThat(q4).isGreaterThan(q8).isLessThan(0.5);
    }

    @Test
    void a_fp16_kv_cache_moves_logits_only_slightly() {
        double[] exact = logitsAfter(ReferenceLlama.create(TINY, GgmlType.F32), PROMPT);
        double[] rounded = logitsAfter(ReferenceLlama.create(TINY, GgmlType.F32, true), PROMPT);
        assertThat(rmsDiff(exact, rounded)).isGreaterThan(0).isLessThan(1e-2);
    }

    @Test
    void a_continuation_is_accepted_when_each_token_is_within_tolerance_of_the_best() {
        ReferenceLlama ref = ReferenceLlama.create(TINY, GgmlType.Q4_0);
        int[] greedy = ref.greedy(PROMPT, 12);
        assertThat(ref.firstGreedyMismatch(PROMPT, greedy, 0.0)).isEqualTo(-1);
        int[] wrong = greedy.clone();
        wrong[5] = (wrong[5] + 1) % TINY.nVocab();
        assertThat(ref.firstGreedyMismatch(PROMPT, wrong, 1e-6)).isEqualTo(5);
    }

    @Test
    void sixty_four_tokens_of_the_tiny_model_take_well_under_a_second() {
        long start = System.nanoTime();
        ReferenceLlama ref = ReferenceLlama.create(TINY, GgmlType.Q4_0);
        ref.greedy(PROMPT, 60);
        assertThat((System.nanoTime() - start) / 1e9).isLessThan(1.0);
    }

    @Test
    void tokens_outside_the_vocabulary_are_rejected() {
        ReferenceLlama ref = ReferenceLlama.create(TINY, GgmlType.F32);
        assertThatThrownBy(() -> ref.logits(TINY.nVocab())).isInstanceOf(IllegalArgumentException.class);
    }

    private static double[] logitsAfter(ReferenceLlama ref, int[] prompt) {
        double[] last = null;
        for (int t : prompt) last = ref.logits(t);
        return last;
    }

    private static double rmsDiff(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += (a[i] - b[i]) * (a[i] - b[i]);
        return Math.sqrt(s / a.length);
    }
}
