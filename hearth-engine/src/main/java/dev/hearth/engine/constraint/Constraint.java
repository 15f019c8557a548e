package dev.hearth.engine.constraint;

/**
 * A compiled decoding constraint (a grammar), shared by every sequence that asks for the same one. Immutable once
 * compiled; {@link #start} gives each sequence its own parse state.
 */
public interface Constraint {

    /** A fresh state at the grammar's start; the caller owns it and closes it when the sequence ends. */
    ConstraintState start();
}
