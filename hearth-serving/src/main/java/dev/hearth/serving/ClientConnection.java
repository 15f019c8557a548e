package dev.hearth.serving;

import io.javalin.http.Context;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.io.AbstractConnection;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;

import java.nio.channels.ReadPendingException;
import java.util.function.BooleanSupplier;

/**
 * Tells a handler that works for a long time before it answers (a non-streaming generation) whether its client is
 * still there. Once a request's body is read, Jetty does not read the connection again until the answer is written,
 * so it would not notice the client hang up; asking it to watch for input makes it see the end of the stream and
 * close its end point, which is what {@link #gone(Context)} reports.
 *
 * <p>Call it only after the body has been read. A client that pipelines its next request on the same connection
 * while this one is being served has that input read early; HTTP clients in use do not pipeline.
 */
public final class ClientConnection {

    private ClientConnection() {}

    /** A check, cheap enough for every generated token, that is true once the client has closed its connection. */
    public static BooleanSupplier gone(Context ctx) {
        ServletContextRequest request = ServletContextRequest.getServletContextRequest(ctx.req());
        if (request == null) return () -> false;
        Connection connection = request.getConnectionMetaData().getConnection();
        EndPoint endPoint = connection.getEndPoint();
        if (connection instanceof AbstractConnection watched) {
            try {
                watched.fillInterested();
            } catch (ReadPendingException alreadyWatched) {
                // Jetty is reading the connection already, so it will see the end of it.
            }
        }
        return () -> !endPoint.isOpen();
    }
}
