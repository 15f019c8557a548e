package dev.hearth.engine.llama;

/** The llama.cpp libraries could not be found, extracted or loaded. The message says what to do. */
public final class NativeLibraryException extends RuntimeException {
    public NativeLibraryException(String message) {
        super(message);
    }
}
