package dev.hearth.grammar;

/**
 * A schema or regular expression that cannot be turned into a grammar. The message is meant for the API's user (the
 * servers answer 422 with it), so it names what was wrong and where.
 */
public class GrammarException extends RuntimeException {
    public GrammarException(String message) {
        super(message);
    }
}
