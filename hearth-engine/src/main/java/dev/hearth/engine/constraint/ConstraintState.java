package dev.hearth.engine.constraint;

/**
 * One sequence's position in a grammar. Not thread-safe: only the scheduler thread touches it.
 *
 * <p>Invariant: only tokens that {@link #allows} (or that {@link #mask} left finite) are passed to {@link #accept};
 * the native grammar aborts the process on a token it cannot accept.
 */
public interface ConstraintState extends AutoCloseable {

    /** Whether {@code token} may come next. Tests this one token only, which is much cheaper than a full mask. */
    boolean allows(int token);

    /** Sets every finite logit whose token may not come next to negative infinity; -inf entries are not looked at. */
    void mask(float[] logits);

    /** Advances the state past {@code token}, which must be allowed. */
    void accept(int token);

    @Override
    void close();
}
