package dev.hearth.server.batch;

/**
 * When the batch runner may send one more line to an endpoint. Interactive traffic comes first: while any
 * interactive request waits at the gateway for that endpoint (in its cold-start buffer, or for room on a full
 * replica), the runner starts nothing there, so a batch never takes the slot a person is waiting for; otherwise it
 * keeps at most {@code limit} of its own lines in flight on the endpoint.
 */
public final class BatchScheduling {

    private BatchScheduling() {}

    /**
     * @param batchInFlight    the runner's lines in flight on the endpoint now
     * @param limit            the most it may have in flight there (at least 1)
     * @param gatewayWaiting   requests waiting at the gateway for the endpoint, the runner's own included
     * @param batchWaiting     the runner's own among them
     */
    public static boolean mayStart(int batchInFlight, int limit, int gatewayWaiting, int batchWaiting) {
        int interactiveWaiting = Math.max(0, gatewayWaiting - batchWaiting);
        return interactiveWaiting == 0 && batchInFlight < limit;
    }
}
