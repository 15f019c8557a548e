package dev.hearth.engine.batch;

/**
 * What a running generation reports, in order: tokens, the last of which carries the result; or, at any point,
 * one {@link Failed} that ends it.
 */
public sealed interface GenerationEvent {

    /**
     * A generated token. {@code result} is non-null exactly on the last token, so a stream can mark its final event
     * without waiting for another one.
     */
    record Token(GeneratedToken token, GenerationResult result) implements GenerationEvent {
        public boolean last() {
            return result != null;
        }
    }

    /** The engine failed this sequence (TGI's generation error), or the generation was cancelled. */
    record Failed(String message, boolean cancelled) implements GenerationEvent {}
}
