package dev.hearth.client.inference;

import java.util.List;

/**
 * One event of a generation stream: a token, and on the last event the whole text.
 *
 * @param index         1-based position in the stream
 * @param topTokens     alternatives when {@code top_n_tokens > 0}, else {@code null}
 * @param generatedText non-null on the last event only
 * @param details       on the last event, when {@code details} was asked for
 */
public record StreamToken(int index, Token token, List<Token> topTokens, String generatedText, StreamDetails details) {

    /** True on the stream's final event. */
    public boolean last() {
        return generatedText != null;
    }
}
