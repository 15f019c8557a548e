package dev.hearth.api.tgi;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * One {@code /generate_stream} event.
 *
 * <p>Invariants of a stream: {@code index} is 1-based and counts events; every event but the last
 * has {@code generated_text} and {@code details} {@code null} (both written as {@code null}, never
 * omitted); the last has {@code generated_text}, and {@code details} only if the request asked for
 * details. {@code top_tokens} is omitted when empty (no {@code top_n_tokens}).
 */
@JsonPropertyOrder({"index", "token", "top_tokens", "generated_text", "details"})
public record StreamResponse(
        @JsonProperty("index") int index,
        @JsonProperty("token") Token token,
        @JsonProperty("top_tokens") @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Token> topTokens,
        @JsonProperty("generated_text") String generatedText,
        @JsonProperty("details") StreamDetails details) {

    public StreamResponse {
        topTokens = topTokens == null ? List.of() : List.copyOf(topTokens);
    }

    /** An event for a token that is not the last. */
    public static StreamResponse intermediate(int index, Token token, List<Token> topTokens) {
        return new StreamResponse(index, token, topTokens, null, null);
    }

    /** The last event; {@code details} is {@code null} unless the request asked for them. */
    public static StreamResponse last(int index, Token token, List<Token> topTokens, String generatedText,
                                      StreamDetails details) {
        return new StreamResponse(index, token, topTokens, generatedText, details);
    }
}
