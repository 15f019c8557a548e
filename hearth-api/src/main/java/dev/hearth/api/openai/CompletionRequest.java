package dev.hearth.api.openai;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.hearth.api.json.NotNull;
import dev.hearth.api.json.Unsigned;
import dev.hearth.api.tgi.Grammar;
import java.util.List;
import java.util.Objects;

/**
 * Body of {@code POST /v1/completions} (tgi-api.md §3.2), as received. Map it with
 * {@link OpenAiMapping#completionRequests}, which refuses {@code suffix} and oversized batches.
 * {@code n}, {@code echo}, {@code logprobs} and {@code best_of} are not read (ignored as unknown).
 * {@code response_format} (or TGI's {@code grammar}) constrains every prompt's completion, as on chat.
 */
public record CompletionRequest(
        @JsonProperty("model") String model,
        @JsonProperty(value = "prompt", required = true) Prompt prompt,
        @JsonProperty("max_tokens") @JsonDeserialize(using = Unsigned.U32.class) Long maxTokens,
        @JsonProperty("temperature") Float temperature,
        @JsonProperty("top_p") Float topP,
        @JsonProperty("stream") @JsonDeserialize(using = NotNull.class) boolean stream,
        @JsonProperty("seed") @JsonDeserialize(using = Unsigned.U64.class)
                @JsonSerialize(using = Unsigned.U64Serializer.class) Long seed,
        @JsonProperty("suffix") String suffix,
        @JsonProperty("repetition_penalty") Float repetitionPenalty,
        @JsonProperty("frequency_penalty") Float frequencyPenalty,
        @JsonProperty("stop") @JsonSetter(contentNulls = Nulls.FAIL) List<String> stop,
        @JsonProperty("response_format") @JsonAlias("grammar") @JsonDeserialize(using = Grammar.ShapeChecked.class)
                JsonNode responseFormat) {

    public CompletionRequest {
        Objects.requireNonNull(prompt, "prompt");
        stop = stop == null ? List.of() : List.copyOf(stop);
        if (responseFormat != null && responseFormat.isNull()) responseFormat = null;
        Grammar.checkShape(responseFormat);
    }

    /** A minimal request: this prompt, every option unset. */
    public static CompletionRequest of(Prompt prompt) {
        return new CompletionRequest(null, prompt, null, null, null, false, null, null, null, null, null, null);
    }
}
