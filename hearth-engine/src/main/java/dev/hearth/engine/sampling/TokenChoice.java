package dev.hearth.engine.sampling;

import java.util.List;

/**
 * The chosen token, its log-probability under the distribution it was drawn from, and the most likely
 * alternatives (highest first) when they were asked for.
 */
public record TokenChoice(int token, double logprob, List<Candidate> top) {

    public record Candidate(int token, double logprob) {}
}
