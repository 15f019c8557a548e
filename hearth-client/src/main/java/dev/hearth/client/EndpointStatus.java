package dev.hearth.client;

/** {@code status.state} of an endpoint, with the wire values of Inference Endpoints. */
public enum EndpointStatus {
    /** Created or resumed, not yet scheduled; no URL. */
    PENDING("pending"),
    /** A replica is starting. */
    INITIALIZING("initializing"),
    /** Rolling to a new configuration; the old replicas serve meanwhile. */
    UPDATING("updating"),
    /** The last update could not start; the previous configuration goes on serving. */
    UPDATE_FAILED("updateFailed"),
    /** Serving. */
    RUNNING("running"),
    /** Stopped by the user; no URL until resumed. */
    PAUSED("paused"),
    /** Could not start; see its logs, then update or resume it. */
    FAILED("failed"),
    /** No replica, URL kept; the next request wakes it. */
    SCALED_TO_ZERO("scaledToZero"),
    /** A state this SDK does not know (a newer server); {@link EndpointInfo#raw()} has the text. */
    UNKNOWN("unknown");

    private final String wire;

    EndpointStatus(String wire) {
        this.wire = wire;
    }

    /** The value on the wire, e.g. {@code scaledToZero}. */
    public String wire() {
        return wire;
    }

    public static EndpointStatus fromWire(String value) {
        for (EndpointStatus s : values()) if (s.wire.equals(value)) return s;
        return UNKNOWN;
    }

    @Override
    public String toString() {
        return wire;
    }
}
