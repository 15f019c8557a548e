package dev.hearth.client.inference;

/** A generated token: id, text, log-probability ({@code null} when the server has none) and whether it is special. */
public record Token(int id, String text, Double logprob, boolean special) {}
