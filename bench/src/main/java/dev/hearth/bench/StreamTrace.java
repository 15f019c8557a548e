package dev.hearth.bench;

import java.util.Arrays;

/** When each token of one stream arrived (System.nanoTime), as its consumer saw it. Written by one thread. */
final class StreamTrace {

    private long[] arrivals;
    private int count;
    private String failure;

    StreamTrace(int expected) {
        arrivals = new long[Math.max(1, expected)];
    }

    void token(long nanoTime) {
        if (count == arrivals.length) arrivals = Arrays.copyOf(arrivals, count * 2);
        arrivals[count++] = nanoTime;
    }

    void fail(String why) {
        failure = why;
    }

    int count() {
        return count;
    }

    long arrival(int i) {
        return arrivals[i];
    }

    long first() {
        return arrivals[0];
    }

    long last() {
        return arrivals[count - 1];
    }

    String failure() {
        return failure;
    }
}
