package dev.hearth.api.openai;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * A {@code text_completion} with {@code usage}: the non-streaming answer of
 * {@code /v1/completions} (one choice per prompt, usage summed), and also the <em>last</em>
 * streamed event of each prompt (one choice, that prompt's usage, {@code finish_reason} without the
 * {@code eos_token}→{@code stop} rewrite). {@code model} is always the served model id.
 */
@JsonPropertyOrder({"object", "id", "created", "model", "system_fingerprint", "choices", "usage"})
public record Completion(
        @JsonProperty("id") String id,
        @JsonProperty("created") long created,
        @JsonProperty("model") String model,
        @JsonProperty("system_fingerprint") String systemFingerprint,
        @JsonProperty("choices") List<CompletionChoice> choices,
        @JsonProperty("usage") Usage usage) {

    public Completion {
        choices = List.copyOf(choices);
    }

    @JsonProperty("object")
    public String object() {
        return "text_completion";
    }

    public static Completion of(String modelId, String version, long created, List<CompletionChoice> choices,
                                Usage usage) {
        return new Completion("", created, modelId, SystemFingerprint.of(version), choices, usage);
    }
}
