package dev.hearth.engine.batch;

/** What a running generation reports, in order: tokens, then exactly one {@link Finished} or {@link Failed}. */
public sealed interface GenerationEvent {

    record Token(GeneratedToken token) implements GenerationEvent {}

    record Finished(GenerationResult result) implements GenerationEvent {}

    /** The engine failed this sequence (TGI's generation error), or the generation was cancelled. */
    record Failed(String message, boolean cancelled) implements GenerationEvent {}
}
