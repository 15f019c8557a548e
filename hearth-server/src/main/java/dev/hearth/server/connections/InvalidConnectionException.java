package dev.hearth.server.connections;

/**
 * Why a connection was not saved or not found, mapped to HTTP in {@code http/ServerErrors}: a malformed request is
 * 400 ({@link BadRequest}); a server that answered but not as the credential said, or could not be reached, is 422
 * ({@link Refused}) with a message naming the cause and the fix; an unknown name 404; a taken one 409.
 * Messages never contain a key.
 */
public class InvalidConnectionException extends RuntimeException {

    InvalidConnectionException(String message) {
        super(message, null, false, false);
    }

    /** The request itself is malformed (a missing field, a bad name or kind): 400. */
    public static final class BadRequest extends InvalidConnectionException {
        BadRequest(String message) {
            super(message);
        }
    }

    /** The remote check failed: 422; {@link #state()} is what a re-check stores. */
    public static final class Refused extends InvalidConnectionException {
        private final ConnectionState state;

        Refused(ConnectionState state, String message) {
            super(message);
            this.state = state;
        }

        public ConnectionState state() {
            return state;
        }
    }

    public static final class NotFound extends InvalidConnectionException {
        NotFound(String namespace, String name) {
            super("Connection " + namespace + "/" + name + " not found");
        }
    }

    public static final class Conflict extends InvalidConnectionException {
        Conflict(String namespace, String name) {
            super("Connection " + namespace + "/" + name + " already exists: PUT it to change it, or pick another \"name\"");
        }
    }
}
