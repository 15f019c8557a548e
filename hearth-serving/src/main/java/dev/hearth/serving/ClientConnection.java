package dev.hearth.serving;

import io.javalin.http.Context;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.io.AbstractConnection;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;

import java.nio.channels.ReadPendingException;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Tells a handler that works for a long time before it answers (a non-streaming generation) whether its client is
 * still there. Once a request's body is read, Jetty does not read the connection again until the answer is written,
 * so it would not notice the client hang up; asking it to watch for input makes it see the end of the stream and
 * close its end point.
 *
 * <p>The price: a watched connection cannot be kept alive (Jetty closes a connection with a read pending when the
 * answer completes), so a watched answer says {@code Connection: close} and the client opens a new connection next
 * time. That is why watching begins only once the request has run for {@link #PATIENCE}: a quick answer keeps its
 * connection, and for a long one a new connection costs nothing that counts.
 */
public final class ClientConnection {

    /** How long a request runs before its connection is watched. */
    public static final Duration PATIENCE = Duration.ofMillis(100);

    private ClientConnection() {}

    /**
     * A check, cheap enough for every generated token, that is true once the client has closed its connection. Call
     * it after the body has been read, and only for an answer not yet committed (not for streams: a stream notices a
     * gone client when it writes).
     */
    public static BooleanSupplier gone(Context ctx) {
        ServletContextRequest request = ServletContextRequest.getServletContextRequest(ctx.req());
        if (request == null) return () -> false;
        long watchFrom = System.nanoTime() + PATIENCE.toNanos();
        return new BooleanSupplier() {
            private EndPoint watched;

            @Override
            public boolean getAsBoolean() {
                if (watched == null) {
                    if (System.nanoTime() - watchFrom < 0 || ctx.res().isCommitted()) return false;
                    watched = watch(ctx, request.getConnectionMetaData().getConnection());
                }
                return !watched.isOpen();
            }
        };
    }

    private static EndPoint watch(Context ctx, Connection connection) {
        ctx.header("Connection", "close");
        if (connection instanceof AbstractConnection reading) {
            try {
                reading.fillInterested();
            } catch (ReadPendingException alreadyWatched) {
                // Jetty is reading the connection already, so it will see the end of it.
            }
        }
        return connection.getEndPoint();
    }
}
