package dev.hearth.client.inference;

/** A prompt token in {@code details.prefill} (with {@code decoder_input_details}); the first has no logprob. */
public record PrefillToken(int id, String text, Double logprob) {}
