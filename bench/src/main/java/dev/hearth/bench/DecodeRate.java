package dev.hearth.bench;

import java.util.List;

/**
 * Decode throughput: tokens produced in a time window in which every stream was decoding.
 *
 * <p>From per-stream arrival times, the window opens when the last stream to start gets its first token (all
 * prompts are then in the cache, so prefill work stays out of it) and closes when the first stream to finish
 * gets its last token (all streams are still in the batch). Tokens counted are those that arrived inside the
 * window after its opening; for one stream that is its tokens after the first over the time they took.
 *
 * @param tokens tokens counted (all streams)
 * @param nanos  window length
 * @param minTokensPerStream fewest tokens any stream produced (short of the requested count means it hit EOS)
 * @param background share of the CPUs other processes used meanwhile (NaN when unknown)
 * @param quiet      whether that share was low enough for the run to count as undisturbed
 * @param forwardMillis mean time of one decode-only step inside llama_decode (NaN when unknown): the rest of a
 *                   step's time is spent outside llama.cpp
 */
record DecodeRate(long tokens, long nanos, int minTokensPerStream, double background, boolean quiet,
                  double forwardMillis) {

    DecodeRate(long tokens, long nanos, int minTokensPerStream) {
        this(tokens, nanos, minTokensPerStream, Double.NaN, true, Double.NaN);
    }

    DecodeRate withBackground(double share, boolean undisturbed) {
        return new DecodeRate(tokens, nanos, minTokensPerStream, share, undisturbed, forwardMillis);
    }

    DecodeRate withForwardMillis(double millis) {
        return new DecodeRate(tokens, nanos, minTokensPerStream, background, quiet, millis);
    }

    /** Mean wall time of one decode step (all streams advance by one token), in milliseconds. */
    double stepMillis(int streams) {
        return streams * 1e3 / tokensPerSecond();
    }

    double tokensPerSecond() {
        return nanos <= 0 ? Double.NaN : tokens * 1e9 / nanos;
    }

    static DecodeRate of(List<StreamTrace> streams) {
        for (StreamTrace s : streams) {
            if (s.failure() != null) throw new IllegalStateException("a stream failed: " + s.failure());
            if (s.count() < 2) throw new IllegalStateException("a stream produced " + s.count() + " tokens");
        }
        long open = streams.stream().mapToLong(StreamTrace::first).max().orElseThrow();
        long close = streams.stream().mapToLong(StreamTrace::last).min().orElseThrow();
        long tokens = 0;
        for (StreamTrace s : streams) {
            for (int i = 0; i < s.count(); i++) {
                long t = s.arrival(i);
                if (t > open && t <= close) tokens++;
            }
        }
        int fewest = streams.stream().mapToInt(StreamTrace::count).min().orElseThrow();
        return new DecodeRate(tokens, close - open, fewest);
    }

    /** The better of two passes: an undisturbed one over a disturbed one, then the faster; null counts as absent. */
    static DecodeRate best(DecodeRate a, DecodeRate b) {
        if (a == null) return b;
        if (b == null) return a;
        if (a.quiet() != b.quiet()) return a.quiet() ? a : b;
        return b.tokensPerSecond() > a.tokensPerSecond() ? b : a;
    }
}
