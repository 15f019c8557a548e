package dev.hearth.client.inference;

import java.net.URI;

/** The server is at its concurrent-request limit (a 429); retry later. */
public class OverloadedException extends TextGenerationException {

    public OverloadedException(int status, String message, String method, URI uri) {
        super(status, message, "overloaded", method, uri);
    }
}
