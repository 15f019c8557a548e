package dev.hearth.api.tgi;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A prompt token in {@code details.prefill}. The first prompt token has no logprob: pass
 * {@link Float#NaN}, which serializes as {@code null} as in TGI.
 */
public record PrefillToken(
        @JsonProperty("id") int id,
        @JsonProperty("text") String text,
        @JsonProperty("logprob") float logprob) {}
