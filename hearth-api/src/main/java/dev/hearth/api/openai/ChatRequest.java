package dev.hearth.api.openai;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.hearth.api.json.NotNull;
import dev.hearth.api.json.Unsigned;
import dev.hearth.api.tgi.Grammar;
import java.io.IOException;
import java.util.List;
import java.util.Objects;

/**
 * Body of {@code POST /v1/chat/completions} (tgi-api.md §3.1), as received. Map it to generation
 * parameters with {@link OpenAiMapping#chatParameters}.
 *
 * <p>Every field but {@code messages} accepts {@code null} — huggingface_hub 0.22–0.24 send all of
 * them — except {@code stream}, a plain bool. {@code stream_options} is not nullable in TGI; Hearth
 * reads {@code null} as absent so those clients cannot trip on it. {@code max_completion_tokens} is
 * read as {@code max_tokens}. {@code n} and {@code logit_bias} are read and ignored (one choice,
 * no bias), as in TGI. {@code stop} null reads as {@code []}. {@code grammar} (TGI's name) is read as
 * {@code response_format}.
 */
public record ChatRequest(
        @JsonProperty("model") String model,
        @JsonProperty(value = "messages", required = true) @JsonSetter(nulls = Nulls.FAIL, contentNulls = Nulls.FAIL)
                List<ChatMessage> messages,
        @JsonProperty("frequency_penalty") Float frequencyPenalty,
        @JsonProperty("logit_bias") List<Float> logitBias,
        @JsonProperty("logprobs") Boolean logprobs,
        @JsonProperty("top_logprobs") @JsonDeserialize(using = Unsigned.U32.class) Long topLogprobs,
        @JsonProperty("max_tokens") @JsonAlias("max_completion_tokens") @JsonDeserialize(using = Unsigned.U32.class)
                Long maxTokens,
        @JsonProperty("n") @JsonDeserialize(using = Unsigned.U32.class) Long n,
        @JsonProperty("presence_penalty") Float presencePenalty,
        @JsonProperty("stop") @JsonSetter(contentNulls = Nulls.FAIL) List<String> stop,
        @JsonProperty("stream") @JsonDeserialize(using = NotNull.class) boolean stream,
        @JsonProperty("seed") @JsonDeserialize(using = Unsigned.U64.class)
                @JsonSerialize(using = Unsigned.U64Serializer.class) Long seed,
        @JsonProperty("temperature") Float temperature,
        @JsonProperty("top_p") Float topP,
        @JsonProperty("tools") @JsonSetter(contentNulls = Nulls.FAIL) List<Tool> tools,
        @JsonProperty("tool_prompt") String toolPrompt,
        @JsonProperty("tool_choice") @JsonDeserialize(using = ToolChoiceReader.class) JsonNode toolChoice,
        @JsonProperty("response_format") @JsonAlias("grammar") @JsonDeserialize(using = Grammar.ShapeChecked.class) JsonNode responseFormat,
        @JsonProperty("stream_options") StreamOptions streamOptions) {

    public ChatRequest {
        messages = List.copyOf(Objects.requireNonNull(messages, "messages"));
        stop = stop == null ? List.of() : List.copyOf(stop);
        tools = tools == null ? null : List.copyOf(tools);
        if (toolChoice != null && toolChoice.isNull()) toolChoice = null;
        checkToolChoice(toolChoice);
        if (responseFormat != null && responseFormat.isNull()) responseFormat = null;
        Grammar.checkShape(responseFormat);
        if (streamOptions == null) streamOptions = StreamOptions.DEFAULT;
    }

    /** A minimal request: these messages, every option unset. */
    public static ChatRequest of(List<ChatMessage> messages) {
        return new ChatRequest(null, messages, null, null, null, null, null, null, null, null, false, null, null,
                null, null, null, null, null, null);
    }

    /** Whether the answer's choices carry {@code logprobs}. */
    public boolean wantsLogprobs() {
        return Boolean.TRUE.equals(logprobs);
    }

    /**
     * TGI's untagged {@code ToolTypeDeserializer}: {@code null} (auto), any string ({@code auto},
     * {@code none}, {@code required}, or a function name), or
     * {@code {"type":"function","function":{"name":...}}}.
     */
    private static void checkToolChoice(JsonNode choice) {
        if (choice == null || choice.isTextual()) return;
        boolean function = choice.isObject() && "function".equals(choice.path("type").textValue())
                && choice.path("function").path("name").isTextual();
        if (!function) {
            throw new IllegalArgumentException("data did not match any variant of untagged enum ToolTypeDeserializer");
        }
    }

    /** Reads {@code tool_choice} as raw JSON, refusing shapes TGI refuses, at the field's path. */
    public static final class ToolChoiceReader extends StdDeserializer<JsonNode> {
        public ToolChoiceReader() {
            super(JsonNode.class);
        }

        @Override
        public JsonNode deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            JsonNode node = ctxt.readTree(p);
            if (node.isNull()) return null;
            try {
                checkToolChoice(node);
            } catch (IllegalArgumentException e) {
                return (JsonNode) ctxt.reportInputMismatch(this, "%s", e.getMessage());
            }
            return node;
        }
    }
}
