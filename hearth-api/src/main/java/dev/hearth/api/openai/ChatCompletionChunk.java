package dev.hearth.api.openai;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * One streamed event of {@code /v1/chat/completions}. Invariants: {@code id} is {@code ""};
 * {@code usage} is written {@code null} on every token chunk and is set only on the extra
 * {@code include_usage} chunk, whose {@code choices} is empty. The stream ends with
 * {@code data: [DONE]}.
 */
@JsonPropertyOrder({"object", "id", "created", "model", "system_fingerprint", "choices", "usage"})
public record ChatCompletionChunk(
        @JsonProperty("id") String id,
        @JsonProperty("created") long created,
        @JsonProperty("model") String model,
        @JsonProperty("system_fingerprint") String systemFingerprint,
        @JsonProperty("choices") List<Choice> choices,
        @JsonProperty("usage") Usage usage) {

    public ChatCompletionChunk {
        choices = List.copyOf(choices);
    }

    @JsonProperty("object")
    public String object() {
        return "chat.completion.chunk";
    }

    /** A chunk for one token; {@code finishReason} is {@code null} except on the last token. */
    public static ChatCompletionChunk token(String model, String version, long created, ChatDelta delta,
                                            ChatLogprobs logprobs, String finishReason) {
        return new ChatCompletionChunk("", created, model, SystemFingerprint.of(version),
                List.of(new Choice(0, delta, logprobs, finishReason)), null);
    }

    /** The {@code include_usage} chunk, after the last token chunk. */
    public static ChatCompletionChunk usage(String model, String version, long created, Usage usage) {
        return new ChatCompletionChunk("", created, model, SystemFingerprint.of(version), List.of(), usage);
    }

    /** All four fields are always written, {@code null} included. */
    @JsonPropertyOrder({"index", "delta", "logprobs", "finish_reason"})
    public record Choice(
            @JsonProperty("index") int index,
            @JsonProperty("delta") ChatDelta delta,
            @JsonProperty("logprobs") ChatLogprobs logprobs,
            @JsonProperty("finish_reason") String finishReason) {}
}
