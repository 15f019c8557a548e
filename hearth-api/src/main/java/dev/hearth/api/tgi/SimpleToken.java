package dev.hearth.api.tgi;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One entry of the {@code /tokenize} answer. {@code start}/{@code stop} are byte offsets into the
 * input; without offsets, TGI sends {@code text=""} and 0/0.
 */
public record SimpleToken(
        @JsonProperty("id") int id,
        @JsonProperty("text") String text,
        @JsonProperty("start") int start,
        @JsonProperty("stop") int stop) {}
