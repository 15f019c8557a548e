package dev.hearth.client;

import java.net.URI;

/** A 409: the endpoint name is already taken in that namespace. */
public class ConflictException extends HearthHttpException {

    public ConflictException(String serverMessage, String errorType, String method, URI uri) {
        super(409, serverMessage, errorType, method, uri);
    }
}
