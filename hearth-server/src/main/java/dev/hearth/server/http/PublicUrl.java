package dev.hearth.server.http;

import java.util.Optional;

/**
 * The base URL clients reach this server at, as endpoint views report it ({@code status.url}). Given, or else
 * {@code http://<host>:<port>} with the port known only once the server is bound (port 0 picks one), while the routes
 * that report it are fixed before the server starts: so it is set once, at bind time, and read on each request.
 */
public final class PublicUrl {

    private final Optional<String> given;
    private final String host;
    private volatile String bound;

    /**
     * @param host the listening address; a wildcard becomes {@code localhost}
     * @param port the port asked for; 0 means the URL is known only at {@link #bound}
     */
    public PublicUrl(Optional<String> given, String host, int port) {
        this.given = given.map(u -> u.replaceAll("/+$", ""));
        this.host = host.equals("0.0.0.0") || host.equals("::") ? "localhost" : host;
        if (port > 0 || given.isPresent()) bound(port);
    }

    /** Called once the server listens. */
    public void bound(int port) {
        bound = given.orElse("http://" + host + ":" + port);
    }

    /** @throws IllegalStateException before {@link #bound} */
    public String get() {
        String url = bound;
        if (url == null) throw new IllegalStateException("the server is not bound yet");
        return url;
    }
}
