package dev.hearth.engine.llama;

/** A model file could not be loaded. */
public final class ModelLoadException extends RuntimeException {
    public ModelLoadException(String message) {
        super(message);
    }
}
