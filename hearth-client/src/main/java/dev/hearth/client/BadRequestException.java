package dev.hearth.client;

import java.net.URI;

/**
 * A 400: the request was malformed or the endpoint is in a state that refuses it (paused, already running); or a
 * 422: the request was well-formed but refused, e.g. a connection whose check against its server failed.
 */
public class BadRequestException extends HearthHttpException {

    public BadRequestException(String serverMessage, String errorType, String method, URI uri) {
        this(400, serverMessage, errorType, method, uri);
    }

    public BadRequestException(int status, String serverMessage, String errorType, String method, URI uri) {
        super(status, serverMessage, errorType, method, uri);
    }
}
