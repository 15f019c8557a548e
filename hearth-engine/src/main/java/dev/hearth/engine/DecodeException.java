package dev.hearth.engine;

/** The engine failed a decode step; the sequences in that step end with a generation error. */
public final class DecodeException extends RuntimeException {
    public DecodeException(String message) {
        super(message);
    }
}
