package dev.hearth.serving;

import org.eclipse.jetty.http.HttpException;

/** Jetty's own verdict on a request it could not read: a malformed chunk, a body cut short. The client's fault: 400. */
public final class UnreadableRequest {

    private UnreadableRequest() {}

    public static boolean is(Throwable e) {
        return e instanceof HttpException || e.getCause() instanceof HttpException;
    }
}
