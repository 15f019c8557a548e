package dev.hearth.client.inference;

/** A token of {@code /tokenize}: id, text, and byte offsets into the input ({@code null} when unknown). */
public record TokenInfo(int id, String text, Integer start, Integer stop) {}
