package dev.hearth.client;

import java.net.URI;

/** A 404: no such endpoint, namespace or route. */
public class NotFoundException extends HearthHttpException {

    public NotFoundException(String serverMessage, String errorType, String method, URI uri) {
        super(404, serverMessage, errorType, method, uri);
    }
}
