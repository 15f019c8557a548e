package dev.hearth.client.inference;

import java.net.URI;

/** An error event of a type huggingface_hub does not name (e.g. {@code template_error}); see {@link #errorType()}. */
public class UnknownTextGenerationException extends TextGenerationException {

    public UnknownTextGenerationException(int status, String message, String errorType, String method, URI uri) {
        super(status, message, errorType, method, uri);
    }
}
