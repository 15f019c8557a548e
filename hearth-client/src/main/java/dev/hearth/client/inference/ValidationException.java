package dev.hearth.client.inference;

import java.net.URI;

/** The request broke a TGI validation rule (a 422): the message says which, e.g. `temperature` must be strictly positive. */
public class ValidationException extends TextGenerationException {

    public ValidationException(int status, String message, String method, URI uri) {
        super(status, message, "validation", method, uri);
    }
}
