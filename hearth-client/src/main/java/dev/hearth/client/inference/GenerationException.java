package dev.hearth.client.inference;

import java.net.URI;

/** Generation failed on the server (a 424). */
public class GenerationException extends TextGenerationException {

    public GenerationException(int status, String message, String method, URI uri) {
        super(status, message, "generation", method, uri);
    }
}
