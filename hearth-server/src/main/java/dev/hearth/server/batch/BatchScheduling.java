package dev.hearth.server.batch;

/**
 * When the batch runner may send one more line to an endpoint. Interactive traffic comes first: while any
 * interactive request waits at the gateway for that endpoint (in its cold-start buffer, or for room on a full
 * replica), the runner starts nothing there; and while the endpoint has ready replicas, it starts a line only when
 * they have a free slot, so its lines never queue for room ahead of a person's request. With no ready replica (scaled
 * to zero, starting) a line may go and wait in the cold-start buffer: that is what wakes the endpoint. In every case
 * the runner keeps at most {@code limit} of its own lines in flight on the endpoint.
 */
public final class BatchScheduling {

    private BatchScheduling() {}

    /**
     * What the runner knows of one endpoint at the moment it considers another line.
     *
     * @param batchInFlight  the runner's lines in flight on the endpoint (waiting or being served)
     * @param gatewayWaiting requests waiting at the gateway for the endpoint, the runner's own included
     * @param batchWaiting   the runner's own among them
     * @param readyReplicas  ready replicas of the endpoint
     * @param perReplica     requests one replica admits at once
     * @param served         requests being served by its replicas now, interactive and the runner's
     */
    public record Load(int batchInFlight, int gatewayWaiting, int batchWaiting, int readyReplicas, int perReplica,
                       int served) {

        /** A connection: no gateway queue or replicas of Hearth's to consider, only the runner's own count. */
        public static Load remote(int batchInFlight) {
            return new Load(batchInFlight, 0, 0, 0, 1, 0);
        }
    }

    public static boolean mayStart(Load l, int limit) {
        if (l.batchInFlight() >= limit) return false;
        int interactiveWaiting = Math.max(0, l.gatewayWaiting() - l.batchWaiting());
        if (interactiveWaiting > 0) return false;
        if (l.readyReplicas() == 0) return true;
        long slots = (long) l.readyReplicas() * l.perReplica();
        return slots - l.served() - l.gatewayWaiting() > 0;
    }
}
