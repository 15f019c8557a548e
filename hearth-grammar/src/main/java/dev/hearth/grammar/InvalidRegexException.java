package dev.hearth.grammar;

/** A regular expression that does not compile, or uses a construct a grammar cannot express (backreferences, lookaround...). */
public class InvalidRegexException extends GrammarException {
    public InvalidRegexException(String message) {
        super(message);
    }
}
