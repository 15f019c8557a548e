package dev.hearth.client.inference;

/** {@code details} of a stream's last event (with {@code details} set). {@code inputLength}: prompt tokens. */
public record StreamDetails(String finishReason, int generatedTokens, Long seed, Integer inputLength) {}
