package dev.hearth.api.tgi;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A generated token. A non-finite {@code logprob} serializes as {@code null}. */
public record Token(
        @JsonProperty("id") int id,
        @JsonProperty("text") String text,
        @JsonProperty("logprob") float logprob,
        @JsonProperty("special") boolean special) {}
