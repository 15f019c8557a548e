package dev.hearth.engine.sampling;

import dev.hearth.engine.constraint.ConstraintDeadEndException;
import dev.hearth.engine.constraint.ConstraintState;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Chooses tokens for one sequence. Owns that sequence's random generator, so the same seed and parameters
 * reproduce the same tokens whatever else runs in the batch.
 *
 * <p>Order of operations follows TGI (transformers' logits processors): penalties on the raw logits, then for
 * sampling temperature, top-k, top-p and typical-p; the reported logprob is the chosen token's under the
 * final distribution (after the warpers for sampling, after the penalties only for greedy).
 *
 * <p>Under a constraint the token is drawn from that distribution restricted to what the grammar allows, by
 * llama.cpp's shortcut: draw unconstrained, test that one token, and only when the grammar rejects it mask every
 * token and draw again. This is exact, not an approximation: an allowed token {@code t} comes out with probability
 * {@code p(t) + (1 - A) p(t) / A = p(t) / A} ({@code A} the allowed mass), the renormalised masked distribution; for
 * greedy the unconstrained argmax, when allowed, is the masked argmax. Only when the warpers leave no allowed token
 * at all is the mask applied before them. Logprobs and alternatives stay those of the unmasked distribution (the
 * model's view, and the full mask is skipped on most steps), except for a token that distribution had filtered out.
 */
public final class Sampler {

    private final SamplingParams params;
    private final SplittableRandom random;
    private final int[] counts;      // occurrences of each token in prompt + generated text, for the penalties
    private final float[] work;
    private final float[] masked;

    public Sampler(SamplingParams params, int vocabSize, int[] prompt) {
        this.params = params;
        this.random = new SplittableRandom(params.seed());
        this.counts = params.penalizes() ? new int[vocabSize] : null;
        this.work = new float[vocabSize];
        this.masked = new float[vocabSize];
        if (counts != null) for (int t : prompt) if (t >= 0 && t < vocabSize) counts[t]++;
    }

    /** Records a token that joined the sequence (for the penalties). */
    public void accept(int token) {
        if (counts != null && token >= 0 && token < counts.length) counts[token]++;
    }

    /** Chooses the next token from {@code logits}; {@code topN} alternatives are reported with their logprobs. */
    public TokenChoice choose(float[] logits, int topN) {
        return choose(logits, topN, null);
    }

    /**
     * As {@link #choose(float[], int)}, restricted to the tokens {@code constraint} allows (null: no constraint).
     * The caller accepts the chosen token into the constraint.
     *
     * @throws ConstraintDeadEndException when the constraint allows no token at all
     */
    public TokenChoice choose(float[] logits, int topN, ConstraintState constraint) {
        float[] l = work;
        System.arraycopy(logits, 0, l, 0, l.length);
        if (counts != null) applyPenalties(l);
        int token;
        if (!params.doSample()) {
            token = argmax(l);
            if (constraint != null && !constraint.allows(token)) token = maskedArgmax(l, constraint);
        } else {
            warp(l);
            token = draw(l);
            if (constraint != null && !constraint.allows(token)) token = maskedDraw(logits, l, constraint);
        }
        float[] reported = l[token] == Float.NEGATIVE_INFINITY ? masked : l;
        double logZ = logSumExp(reported);
        return new TokenChoice(token, reported[token] - logZ, topN > 0 ? top(reported, topN, logZ) : List.of());
    }

    /**
     * The best allowed token, found by offering the grammar the best candidates first: the {@link #GREEDY_GROUPS}
     * highest logits, then the whole vocabulary. Exact: when a group holds an allowed token, the best of them has a
     * logit above the group's smallest, and every token outside the group has at most that. The grammar's cost
     * grows with the candidates it checks, and a full-vocabulary check is what made constrained decoding slow on
     * steps where the model's favourite breaks the grammar (most steps of a model that knows no JSON).
     */
    private int maskedArgmax(float[] penalized, ConstraintState constraint) {
        for (int group : GREEDY_GROUPS) {
            if (group >= penalized.length) break;
            int[] best = topIndices(penalized, group);
            Arrays.fill(masked, Float.NEGATIVE_INFINITY);
            for (int t : best) masked[t] = penalized[t];
            constraint.mask(masked);
            int token = argmax(masked);
            // Strictly above the group's smallest logit: a tie there may have left out a lower-numbered twin,
            // which the full argmax would choose.
            if (masked[token] > penalized[best[best.length - 1]]) return token;
        }
        System.arraycopy(penalized, 0, masked, 0, masked.length);
        constraint.mask(masked);
        int token = argmax(masked);
        if (masked[token] == Float.NEGATIVE_INFINITY) throw new ConstraintDeadEndException();
        return token;
    }

    /** Candidate groups {@link #maskedArgmax} offers the grammar before the whole vocabulary. */
    static final int[] GREEDY_GROUPS = {64, 512};

    /** The redraw after a rejection: from the warped distribution masked, or if that is empty, masked then warped. */
    private int maskedDraw(float[] logits, float[] warped, ConstraintState constraint) {
        System.arraycopy(warped, 0, masked, 0, masked.length);
        constraint.mask(masked);
        if (masked[argmax(masked)] == Float.NEGATIVE_INFINITY) {
            System.arraycopy(logits, 0, masked, 0, masked.length);
            if (counts != null) applyPenalties(masked);
            constraint.mask(masked);
            if (masked[argmax(masked)] == Float.NEGATIVE_INFINITY) throw new ConstraintDeadEndException();
            warp(masked);
        }
        return draw(masked);
    }

    /** Log-probability of every token under raw {@code logits}, for prompt (prefill) details. */
    public static double logprob(float[] logits, int token) {
        return logits[token] - logSumExp(logits);
    }

    private void applyPenalties(float[] l) {
        double rp = params.repetitionPenalty(), fp = params.frequencyPenalty(), pp = params.presencePenalty();
        for (int t = 0; t < l.length; t++) {
            int c = counts[t];
            if (c == 0) continue;
            float v = l[t];
            if (rp != 1.0) v = (float) (v > 0 ? v / rp : v * rp);
            v -= (float) (fp * c + pp);
            l[t] = v;
        }
    }

    /** Temperature, then the filters; filtered tokens become -inf so they can neither be drawn nor reported. */
    private void warp(float[] l) {
        if (params.temperature() != 1.0) {
            float inv = (float) (1.0 / params.temperature());
            for (int i = 0; i < l.length; i++) l[i] *= inv;
        }
        if (params.topK() > 0 && params.topK() < l.length) {
            float kth = kthLargest(l, params.topK());
            for (int i = 0; i < l.length; i++) if (l[i] < kth) l[i] = Float.NEGATIVE_INFINITY;
        }
        if (params.topP() < 1.0) nucleus(l, params.topP());
        if (params.typicalP() < 1.0) typical(l, params.typicalP());
    }

    /** Keeps the smallest set of most likely tokens whose probability reaches {@code p} (at least one). */
    private static void nucleus(float[] l, double p) {
        int[] order = descending(l);
        double logZ = logSumExp(l);
        double mass = 0;
        int keep = 0;
        while (keep < order.length && (keep == 0 || mass < p)) {
            float v = l[order[keep]];
            if (v == Float.NEGATIVE_INFINITY) break;
            mass += Math.exp(v - logZ);
            keep++;
        }
        for (int i = keep; i < order.length; i++) l[order[i]] = Float.NEGATIVE_INFINITY;
    }

    /** Locally typical sampling: keeps tokens whose surprise is closest to the entropy, up to mass {@code p}. */
    private static void typical(float[] l, double p) {
        double logZ = logSumExp(l);
        double entropy = 0;
        for (float v : l) {
            if (v == Float.NEGATIVE_INFINITY) continue;
            double lp = v - logZ;
            entropy -= Math.exp(lp) * lp;
        }
        Integer[] idx = new Integer[l.length];
        double[] distance = new double[l.length];
        int n = 0;
        for (int i = 0; i < l.length; i++) {
            if (l[i] == Float.NEGATIVE_INFINITY) continue;
            distance[i] = Math.abs(-(l[i] - logZ) - entropy);
            idx[n++] = i;
        }
        Integer[] live = Arrays.copyOf(idx, n);
        Arrays.sort(live, (a, b) -> Double.compare(distance[a], distance[b]));
        double mass = 0;
        int keep = 0;
        while (keep < live.length && (keep == 0 || mass < p)) {
            mass += Math.exp(l[live[keep]] - logZ);
            keep++;
        }
        for (int i = keep; i < live.length; i++) l[live[i]] = Float.NEGATIVE_INFINITY;
    }

    private int draw(float[] l) {
        double logZ = logSumExp(l);
        double u = random.nextDouble();
        double acc = 0;
        int last = -1;
        for (int i = 0; i < l.length; i++) {
            if (l[i] == Float.NEGATIVE_INFINITY) continue;
            acc += Math.exp(l[i] - logZ);
            last = i;
            if (u < acc) return i;
        }
        return last >= 0 ? last : argmax(l);
    }

    static int argmax(float[] l) {
        int best = 0;
        for (int i = 1; i < l.length; i++) if (l[i] > l[best]) best = i;
        return best;
    }

    static double logSumExp(float[] l) {
        float max = Float.NEGATIVE_INFINITY;
        for (float v : l) if (v > max) max = v;
        if (max == Float.NEGATIVE_INFINITY) return max;
        double sum = 0;
        for (float v : l) sum += Math.exp(v - max);
        return max + Math.log(sum);
    }

    private static List<TokenChoice.Candidate> top(float[] l, int n, double logZ) {
        int[] order = topIndices(l, n);
        List<TokenChoice.Candidate> out = new ArrayList<>(order.length);
        for (int t : order) out.add(new TokenChoice.Candidate(t, l[t] - logZ));
        return out;
    }

    /** Indices of the n largest values, largest first (ties: lower index first). */
    static int[] topIndices(float[] l, int n) {
        n = Math.min(n, l.length);
        int[] best = new int[n];
        int size = 0;
        for (int i = 0; i < l.length; i++) {
            if (size < n) {
                int j = size++;
                while (j > 0 && l[best[j - 1]] < l[i]) { best[j] = best[j - 1]; j--; }
                best[j] = i;
            } else if (l[i] > l[best[n - 1]]) {
                int j = n - 1;
                while (j > 0 && l[best[j - 1]] < l[i]) { best[j] = best[j - 1]; j--; }
                best[j] = i;
            }
        }
        return best;
    }

    private static float kthLargest(float[] l, int k) {
        int[] topK = topIndices(l, k);
        return l[topK[topK.length - 1]];
    }

    private static int[] descending(float[] l) {
        long[] keyed = new long[l.length];
        for (int i = 0; i < l.length; i++) {
            // Sort key: the float's order-preserving bits in the high half, inverted for descending order.
            int bits = Float.floatToIntBits(l[i]);
            int ordered = bits >= 0 ? bits : bits ^ 0x7fffffff;
            keyed[i] = ((long) ~ordered << 32) | (i & 0xffffffffL);
        }
        Arrays.sort(keyed);
        int[] order = new int[l.length];
        for (int i = 0; i < l.length; i++) order[i] = (int) keyed[i];
        return order;
    }
}
