package dev.hearth.api.openai;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * An intermediate streamed event of {@code /v1/completions}: one token of one prompt,
 * {@code finish_reason: ""}, and no {@code usage} field at all. The last event of each prompt is a
 * {@link Completion} instead. Key order is TGI's, which differs from {@link Completion}.
 */
@JsonPropertyOrder({"object", "id", "created", "choices", "model", "system_fingerprint"})
public record CompletionChunk(
        @JsonProperty("id") String id,
        @JsonProperty("created") long created,
        @JsonProperty("choices") List<CompletionChoice> choices,
        @JsonProperty("model") String model,
        @JsonProperty("system_fingerprint") String systemFingerprint) {

    public CompletionChunk {
        choices = List.copyOf(choices);
    }

    @JsonProperty("object")
    public String object() {
        return "text_completion";
    }

    public static CompletionChunk token(String modelId, String version, long created, int promptIndex, String text) {
        return new CompletionChunk("", created, List.of(CompletionChoice.of(promptIndex, text, "")), modelId,
                SystemFingerprint.of(version));
    }
}
