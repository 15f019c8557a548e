package dev.hearth.server.endpoint;

import com.fasterxml.jackson.annotation.JsonValue;

/** {@code status.state} values, spelled as the Inference Endpoints API spells them. */
public enum EndpointState {
    PENDING("pending"),
    INITIALIZING("initializing"),
    UPDATING("updating"),
    UPDATE_FAILED("updateFailed"),
    RUNNING("running"),
    PAUSED("paused"),
    FAILED("failed"),
    SCALED_TO_ZERO("scaledToZero");

    private final String wire;

    EndpointState(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }
}
