package dev.hearth.client.internal;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Reads the {@code data:} payloads of a server-sent event stream, one at a time, as TGI and OpenAI servers frame
 * them: one JSON line per event ({@code data: } with or without the space), {@code :} comments as keep-alives, blank
 * lines between events. Multi-line events are joined with newlines, per the SSE specification.
 *
 * <p>Not thread-safe: one reader thread. {@link #close()} may be called from any thread; it closes the body, which
 * closes the HTTP connection and makes a blocked {@link #next()} end.
 */
public final class ServerSentEvents implements Closeable {

    private final BufferedReader reader;
    private final InputStream body;

    public ServerSentEvents(InputStream body) {
        this.body = body;
        this.reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
    }

    /** The next event's data, or {@code null} at the end of the stream. */
    public String next() {
        StringBuilder data = null;
        try {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isEmpty()) {
                    if (data != null) return data.toString();
                    continue;
                }
                if (line.startsWith(":")) continue;
                if (line.startsWith("data:")) {
                    String value = line.substring(5);
                    if (value.startsWith(" ")) value = value.substring(1);
                    if (data == null) data = new StringBuilder(value);
                    else data.append('\n').append(value);
                }
                // Other fields (event:, id:, retry:) carry nothing TGI or OpenAI servers use.
            }
            return data == null ? null : data.toString();
        } catch (IOException e) {
            throw new UncheckedIOException("the event stream broke: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            body.close();
        } catch (IOException ignored) {
            // Closing is best effort: the connection is abandoned either way.
        }
    }
}
