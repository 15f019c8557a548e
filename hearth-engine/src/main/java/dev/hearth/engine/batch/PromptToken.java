package dev.hearth.engine.batch;

/** A prompt token with its logprob given the tokens before it (NaN for the first). */
public record PromptToken(int id, String text, double logprob) {}
