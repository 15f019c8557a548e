package dev.hearth.engine.constraint;

/** The engine refused a grammar (it does not parse, names an undefined rule, is left-recursive...). */
public final class GrammarRejectedException extends RuntimeException {
    public GrammarRejectedException(String message) {
        super(message);
    }
}
