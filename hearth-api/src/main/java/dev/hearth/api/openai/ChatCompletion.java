package dev.hearth.api.openai;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * Non-streaming answer of {@code /v1/chat/completions}. {@code id} is always {@code ""},
 * {@code created} unix seconds, {@code model} the echo rule of {@link OpenAiMapping#chatModel}.
 */
@JsonPropertyOrder({"object", "id", "created", "model", "system_fingerprint", "choices", "usage"})
public record ChatCompletion(
        @JsonProperty("id") String id,
        @JsonProperty("created") long created,
        @JsonProperty("model") String model,
        @JsonProperty("system_fingerprint") String systemFingerprint,
        @JsonProperty("choices") List<Choice> choices,
        @JsonProperty("usage") Usage usage) {

    public ChatCompletion {
        choices = List.copyOf(choices);
    }

    @JsonProperty("object")
    public String object() {
        return "chat.completion";
    }

    /** The one-choice answer TGI gives; {@code finishReason} as {@code FinishReason.openAi()}. */
    public static ChatCompletion of(String model, String version, long created, AssistantMessage message,
                                    ChatLogprobs logprobs, String finishReason, Usage usage) {
        return new ChatCompletion("", created, model, SystemFingerprint.of(version),
                List.of(new Choice(0, message, logprobs, finishReason)), usage);
    }

    /** {@code logprobs} is written as {@code null} unless requested. */
    @JsonPropertyOrder({"index", "message", "logprobs", "finish_reason"})
    public record Choice(
            @JsonProperty("index") int index,
            @JsonProperty("message") AssistantMessage message,
            @JsonProperty("logprobs") ChatLogprobs logprobs,
            @JsonProperty("finish_reason") String finishReason) {}
}
