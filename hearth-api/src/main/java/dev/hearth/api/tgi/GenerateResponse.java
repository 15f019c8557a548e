package dev.hearth.api.tgi;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Answer of {@code POST /generate}; {@code POST /} wraps it in a one-element array.
 * {@code generated_text} includes a matched stop sequence at its end, and the prompt in front when
 * {@code return_full_text}. {@code details} is omitted when {@code null}.
 */
public record GenerateResponse(
        @JsonProperty("generated_text") String generatedText,
        @JsonProperty("details") @JsonInclude(JsonInclude.Include.NON_NULL) Details details) {}
