package dev.hearth.engine;

/** The named model does not exist where it was looked for. */
public final class ModelNotFoundException extends RuntimeException {
    public ModelNotFoundException(String message) {
        super(message);
    }
}
