package dev.hearth.client;

import java.net.URI;

/** A 401 (no token, or one the server does not know) or a 403 (a valid token without rights on that namespace). */
public class UnauthorizedException extends HearthHttpException {

    public UnauthorizedException(int status, String serverMessage, String errorType, String method, URI uri) {
        super(status, serverMessage, errorType, method, uri);
    }
}
