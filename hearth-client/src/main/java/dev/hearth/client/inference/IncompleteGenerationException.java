package dev.hearth.client.inference;

import java.net.URI;

/** The generation ended without a final answer ({@code incomplete_generation}, or {@code ..._stream} in a stream). */
public class IncompleteGenerationException extends TextGenerationException {

    public IncompleteGenerationException(int status, String message, String errorType, String method, URI uri) {
        super(status, message, errorType, method, uri);
    }
}
