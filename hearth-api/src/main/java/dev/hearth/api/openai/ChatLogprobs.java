package dev.hearth.api.openai;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.hearth.api.tgi.Token;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code choices[].logprobs} in OpenAI's shape:
 * {@code {"content":[{"token","logprob","top_logprobs":[{"token","logprob"}]}]}}. A non-finite
 * logprob serializes as {@code null}.
 */
public record ChatLogprobs(@JsonProperty("content") List<Entry> content) {

    public ChatLogprobs {
        content = List.copyOf(content);
    }

    /** One generated token with its alternatives. */
    public record Entry(
            @JsonProperty("token") String token,
            @JsonProperty("logprob") float logprob,
            @JsonProperty("top_logprobs") List<TopLogprob> topLogprobs) {

        public Entry {
            topLogprobs = List.copyOf(topLogprobs);
        }
    }

    public record TopLogprob(@JsonProperty("token") String token, @JsonProperty("logprob") float logprob) {}

    /** A streamed chunk's logprobs: one token and its top tokens. */
    public static ChatLogprobs of(Token token, List<Token> topTokens) {
        return new ChatLogprobs(List.of(entry(token, topTokens)));
    }

    /**
     * A whole answer's logprobs, as TGI pairs them: the i-th token gets the i-th list of top tokens,
     * or none when {@code topTokens} is shorter (no {@code top_logprobs} requested).
     */
    public static ChatLogprobs of(List<Token> tokens, List<List<Token>> topTokens) {
        List<Entry> content = new ArrayList<>(tokens.size());
        for (int i = 0; i < tokens.size(); i++) {
            content.add(entry(tokens.get(i), i < topTokens.size() ? topTokens.get(i) : List.of()));
        }
        return new ChatLogprobs(content);
    }

    private static Entry entry(Token token, List<Token> topTokens) {
        return new Entry(token.text(), token.logprob(),
                topTokens.stream().map(t -> new TopLogprob(t.text(), t.logprob())).toList());
    }
}
