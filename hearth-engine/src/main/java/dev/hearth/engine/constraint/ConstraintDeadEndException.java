package dev.hearth.engine.constraint;

/**
 * No token of the vocabulary may continue the sequence under its grammar: the grammar needs text this vocabulary
 * cannot spell. The sequence fails rather than emit a token that breaks the constraint.
 */
public final class ConstraintDeadEndException extends RuntimeException {
    public ConstraintDeadEndException() {
        super("no token of the vocabulary can continue the output under its grammar");
    }
}
