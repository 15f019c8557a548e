package dev.hearth.client;

import java.net.URI;

/** A 400: the request was malformed or the endpoint is in a state that refuses it (paused, already running). */
public class BadRequestException extends HearthHttpException {

    public BadRequestException(String serverMessage, String errorType, String method, URI uri) {
        super(400, serverMessage, errorType, method, uri);
    }
}
