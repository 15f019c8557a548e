package dev.hearth.chat;

/**
 * A chat template could not be compiled or rendered.
 *
 * <p>Syntax errors name the line and column; render errors name the line of the statement that
 * failed. A message raised by the template itself through {@code raise_exception(msg)} is kept
 * verbatim, because servers pass it on to the client as the reason a request was rejected.
 */
public final class TemplateException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** True once the message says where the error happened, or must be kept verbatim. */
    private final boolean located;

    TemplateException(String message) {
        this(message, false);
    }

    TemplateException(String message, boolean located) {
        super(message);
        this.located = located;
    }

    boolean located() {
        return located;
    }

    TemplateException(String message, Throwable cause) {
        super(message, cause);
        this.located = true;
    }
}
