package dev.hearth.kubernetes;

/** The Kubernetes API cannot be reached, or refuses this server's service account: the server cannot start. */
public final class ClusterUnreachableException extends RuntimeException {

    ClusterUnreachableException(String message, Throwable cause) {
        super(message, cause);
    }
}
