package dev.hearth.client.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.UUID;

/**
 * A {@code multipart/form-data} body (RFC 7578) of text fields and files, built in memory: batch input files are
 * small enough (the server bounds them) that streaming would buy nothing.
 *
 * <p>Invariant: the boundary is random and checked against every part, so no part's bytes can end the body early.
 */
public final class Multipart {

    private final String boundary = "hearth-" + UUID.randomUUID();
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();

    /** The {@code Content-Type} header value, with the boundary. */
    public String contentType() {
        return "multipart/form-data; boundary=" + boundary;
    }

    public Multipart field(String name, String value) {
        part("Content-Disposition: form-data; name=\"" + quoted(name) + "\"\r\n",
                value.getBytes(StandardCharsets.UTF_8));
        return this;
    }

    public Multipart file(String name, String filename, String contentType, byte[] content) {
        part("Content-Disposition: form-data; name=\"" + quoted(name) + "\"; filename=\"" + quoted(filename) + "\"\r\n"
                + "Content-Type: " + contentType + "\r\n", content);
        return this;
    }

    /** The whole body, closing delimiter included. */
    public byte[] bytes() {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        all.writeBytes(body.toByteArray());
        all.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return all.toByteArray();
    }

    private void part(String headers, byte[] content) {
        Objects.requireNonNull(content, "content");
        if (new String(content, StandardCharsets.ISO_8859_1).contains("--" + boundary)) {
            throw new IllegalStateException("a part contains the multipart boundary");
        }
        body.writeBytes(("--" + boundary + "\r\n" + headers + "\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(content);
        body.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
    }

    /** Quotes and line breaks would end the header value; browsers percent-encode them, and so does this. */
    private static String quoted(String s) {
        return s.replace("\"", "%22").replace("\r", "%0D").replace("\n", "%0A");
    }
}
