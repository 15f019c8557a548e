package dev.hearth.client;

/** A batch's {@code status}, with OpenAI's wire values. */
public enum BatchStatus {
    /** The input file is being checked; a bad line fails the whole batch before any request runs. */
    VALIDATING("validating", false),
    /** Checking found errors; {@link Batch#errors()} names the lines. Nothing ran. */
    FAILED("failed", true),
    /** Requests are running; {@link Batch#requestCounts()} says how far. */
    IN_PROGRESS("in_progress", false),
    /** Every request has an answer; the output and error files are being written. */
    FINALIZING("finalizing", false),
    /** Done: the output file (and the error file, if any request failed) can be read. */
    COMPLETED("completed", true),
    /** The completion window passed first; what finished is in the output file. */
    EXPIRED("expired", true),
    /** Cancelled; requests already running are finishing. */
    CANCELLING("cancelling", false),
    /** Cancelled; what finished before is in the output file. */
    CANCELLED("cancelled", true),
    /** A status this SDK does not know (a newer server); {@link Batch#raw()} has the text. */
    UNKNOWN("unknown", false);

    private final String wire;
    private final boolean terminal;

    BatchStatus(String wire, boolean terminal) {
        this.wire = wire;
        this.terminal = terminal;
    }

    /** The value on the wire, e.g. {@code in_progress}. */
    public String wire() {
        return wire;
    }

    /** True when the batch will not change any more. */
    public boolean terminal() {
        return terminal;
    }

    public static BatchStatus fromWire(String value) {
        for (BatchStatus s : values()) if (s.wire.equals(value)) return s;
        return UNKNOWN;
    }

    @Override
    public String toString() {
        return wire;
    }
}
