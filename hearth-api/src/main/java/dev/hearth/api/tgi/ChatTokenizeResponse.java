package dev.hearth.api.tgi;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** Answer of {@code POST /chat_tokenize}: the tokens and the prompt after the chat template. */
public record ChatTokenizeResponse(
        @JsonProperty("tokenize_response") List<SimpleToken> tokenizeResponse,
        @JsonProperty("templated_text") String templatedText) {

    public ChatTokenizeResponse {
        tokenizeResponse = List.copyOf(tokenizeResponse);
    }
}
