package dev.hearth.embed.engine;

/** The model failed on valid input: TEI's {@code Backend} error (424), never the client's fault. */
public final class EngineException extends RuntimeException {
    public EngineException(String message, Throwable cause) {
        super(message, cause);
    }
}
