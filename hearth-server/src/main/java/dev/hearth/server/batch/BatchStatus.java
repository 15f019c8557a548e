package dev.hearth.server.batch;

import java.util.Locale;

/** OpenAI's batch statuses. The last five are final: nothing changes a batch once it reaches one. */
public enum BatchStatus {
    VALIDATING, IN_PROGRESS, FINALIZING, CANCELLING, FAILED, COMPLETED, EXPIRED, CANCELLED;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static BatchStatus of(String wire) {
        return valueOf(wire.toUpperCase(Locale.ROOT));
    }

    public boolean finished() {
        return ordinal() >= FAILED.ordinal();
    }
}
