package dev.hearth.server.connections;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** A connection's state as its last check found it. */
public enum ConnectionState {
    /** The server answered as an inference server for the model, and took the key. */
    READY,
    /** The server is scaled to zero or still loading (503 with {@code estimated_time}); it is checked again later. */
    WAKING,
    /** The server could not be reached, or did not answer as the inference server for the model. */
    UNREACHABLE,
    /** The server refused the key (401/403). */
    UNAUTHORIZED;

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    static ConnectionState of(String wire) {
        return valueOf(wire.toUpperCase(Locale.ROOT));
    }
}
