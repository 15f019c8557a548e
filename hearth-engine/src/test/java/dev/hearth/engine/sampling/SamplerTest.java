package dev.hearth.engine.sampling;

import dev.hearth.engine.constraint.ConstraintDeadEndException;
import dev.hearth.engine.constraint.ConstraintState;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;
import java.util.function.IntPredicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SamplerTest {

    static final int VOCAB = 32_000;

    /** A grammar stand-in that allows the tokens a predicate accepts and counts the candidates it is asked about. */
    static final class CountingConstraint implements ConstraintState {
        final IntPredicate allowed;
        long offered;

        CountingConstraint(IntPredicate allowed) {
            this.allowed = allowed;
        }

        @Override
        public boolean allows(int token) {
            offered++;
            return allowed.test(token);
        }

        @Override
        public void mask(float[] logits) {
            for (int t = 0; t < logits.length; t++) {
                if (logits[t] == Float.NEGATIVE_INFINITY) continue;
                offered++;
                if (!allowed.test(t)) logits[t] = Float.NEGATIVE_INFINITY;
            }
        }

        @Override
        public void accept(int token) {}

        @Override
        public void close() {}
    }

    static float[] randomLogits(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] logits = new float[VOCAB];
        for (int i = 0; i < VOCAB; i++) logits[i] = (float) random.nextGaussian();
        return logits;
    }

    static int bestAllowed(float[] logits, IntPredicate allowed) {
        int best = -1;
        for (int t = 0; t < logits.length; t++) if (allowed.test(t) && (best < 0 || logits[t] > logits[best])) best = t;
        return best;
    }

    @Test
    void greedyUnderAConstraintChoosesTheBestAllowedTokenWhereverItRanks() {
        // From "most tokens allowed" to "one token in ten thousand": the answer must be the masked argmax each time.
        for (int modulus : new int[] {2, 7, 100, 1_000, 10_000}) {
            for (long seed = 1; seed <= 5; seed++) {
                float[] logits = randomLogits(seed * 31 + modulus);
                IntPredicate allowed = t -> t % modulus == modulus - 1;
                int chosen = new Sampler(SamplingParams.greedy(), VOCAB, new int[0])
                        .choose(logits, 0, new CountingConstraint(allowed)).token();
                assertThat(chosen).as("modulus %d seed %d", modulus, seed).isEqualTo(bestAllowed(logits, allowed));
            }
        }
    }

    @Test
    void greedyUnderAConstraintOffersTheGrammarOnlyTheBestCandidatesWhenOneOfThemIsAllowed() {
        float[] logits = randomLogits(42);
        int favourite = Sampler.argmax(logits);
        // The model's favourite breaks the grammar, but every tenth token is fine: a full-vocabulary check would
        // offer 32,000 candidates.
        CountingConstraint grammar = new CountingConstraint(t -> t != favourite && t % 10 == 0);
        new Sampler(SamplingParams.greedy(), VOCAB, new int[0]).choose(logits, 0, grammar);
        assertThat(grammar.offered).isLessThanOrEqualTo(1 + Sampler.GREEDY_GROUPS[0]);
    }

    @Test
    void tiesAtTheEdgeOfACandidateGroupStillGoToTheLowestNumberedAllowedToken() {
        float[] logits = new float[VOCAB];
        java.util.Arrays.fill(logits, 1f); // every token ties: the plain argmax over allowed tokens picks the first
        IntPredicate allowed = t -> t >= 5;
        int chosen = new Sampler(SamplingParams.greedy(), VOCAB, new int[0])
                .choose(logits, 0, new CountingConstraint(t -> t != 0 && allowed.test(t))).token();
        assertThat(chosen).isEqualTo(5);
    }

    @Test
    void aConstraintThatAllowsNothingIsADeadEnd() {
        assertThatThrownBy(() -> new Sampler(SamplingParams.greedy(), VOCAB, new int[0])
                .choose(randomLogits(7), 0, new CountingConstraint(t -> false)))
                .isInstanceOf(ConstraintDeadEndException.class);
    }
}
