package dev.hearth.server.connections;

/**
 * What a successful check learned.
 *
 * @param kind           null when the server was waking before its kind could be detected
 * @param servedModel    what the server says it serves; null when it did not say
 * @param task           the pipeline tag the server reported, or the one its kind implies
 * @param maxTotalTokens the server's limit on prompt plus generated tokens; null when it did not say
 * @param waking         the server answered 503 with {@code estimated_time} (scaled to zero or loading)
 * @param detail         for a waking server, what it said (e.g. the estimated time)
 */
public record Probe(ConnectionKind kind, String servedModel, String task, Integer maxTotalTokens, boolean waking,
                    String detail) {

    static Probe waking(ConnectionKind kind, String detail) {
        return new Probe(kind, null, null, null, true, detail);
    }
}
