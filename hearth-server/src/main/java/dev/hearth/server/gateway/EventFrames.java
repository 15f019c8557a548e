package dev.hearth.server.gateway;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Cuts a relayed server-sent event stream at event boundaries ({@code \n\n}), so the client only ever holds whole
 * events: if the replica dies mid-event, the half-sent event is dropped and the gateway's own error event follows a
 * complete one. Holds at most one incomplete event.
 */
final class EventFrames {

    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

    /** Adds what the replica sent; returns the bytes up to and including the last complete event (maybe none). */
    byte[] add(byte[] buffer, int length) {
        pending.write(buffer, 0, length);
        byte[] all = pending.toByteArray();
        int end = lastBoundary(all);
        if (end == 0) return new byte[0];
        byte[] complete = java.util.Arrays.copyOf(all, end);
        pending.reset();
        pending.write(all, end, all.length - end);
        return complete;
    }

    /** What is left at the end of a stream that closed cleanly (a last event without its blank line). */
    byte[] rest() {
        return pending.toByteArray();
    }

    private static int lastBoundary(byte[] b) {
        for (int i = b.length - 1; i >= 1; i--) {
            if (b[i] == '\n' && b[i - 1] == '\n') return i + 1;
        }
        return 0;
    }

    /**
     * The event that ends a stream whose replica stopped before the end, in the shape of the route's own API: the
     * OpenAI routes' error event and {@code [DONE]}, or TGI's {@code {"error","error_type"}} with TGI's
     * {@code incomplete_generation} type.
     */
    static byte[] replicaGone(String path) {
        String message = "Incomplete generation: the replica serving this request stopped before the answer was complete";
        String event = path.contains("/v1/")
                ? "data: {\"error\":{\"message\":\"" + message + "\",\"http_status_code\":500}}\n\ndata: [DONE]\n\n"
                : "data: {\"error\":\"" + message + "\",\"error_type\":\"incomplete_generation\"}\n\n";
        return event.getBytes(StandardCharsets.UTF_8);
    }
}
