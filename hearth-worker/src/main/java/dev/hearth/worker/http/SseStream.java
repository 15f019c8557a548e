package dev.hearth.worker.http;

import io.javalin.http.Context;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A server-sent event stream framed as TGI (axum) frames it: {@code data: <one line>\n\n} per event, the comment
 * {@code :} as keep-alive, no {@code event:} or {@code id:} fields.
 *
 * <p>Every event is flushed at once (no buffering through proxies: {@code X-Accel-Buffering: no}). A write to a
 * client that went away throws {@link ClientGoneException}, which the caller turns into a cancellation.
 */
public final class SseStream {

    private final OutputStream out;

    private SseStream(OutputStream out) {
        this.out = out;
    }

    /** Commits a 200 with TGI's streaming headers and returns the stream. */
    public static SseStream open(Context ctx) {
        ctx.status(200);
        ctx.header("Content-Type", "text/event-stream");
        ctx.header("Cache-Control", "no-cache");
        ctx.header("X-Accel-Buffering", "no");
        try {
            OutputStream out = ctx.res().getOutputStream();
            ctx.res().flushBuffer();
            return new SseStream(out);
        } catch (IOException e) {
            throw new ClientGoneException(e);
        }
    }

    /** Sends one event; {@code json} must be a single line (compact JSON is). */
    public void data(String json) {
        write("data: " + json + "\n\n");
    }

    /** The keep-alive comment, sent after a quiet period. */
    public void keepAlive() {
        write(":\n\n");
    }

    private void write(String frame) {
        try {
            out.write(frame.getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            throw new ClientGoneException(e);
        }
    }

    /** The client closed the connection while we were streaming to it. */
    public static final class ClientGoneException extends RuntimeException {
        ClientGoneException(IOException cause) {
            super("client disconnected", cause);
        }
    }
}
