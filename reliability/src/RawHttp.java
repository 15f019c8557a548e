import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * HTTP/1.1 by hand, for what java.net.http will not send: malformed chunked bodies, bodies cut short, lying
 * Content-Length headers, and clients that vanish mid-request. Only to the host and port of the --url.
 */
final class RawHttp {

    private final String host;
    private final int port;

    RawHttp(String url) {
        URI u = URI.create(url);
        this.host = u.getHost();
        this.port = u.getPort() > 0 ? u.getPort() : 80;
    }

    /** The status of the answer; 0 when the server closed without answering; -1 when it did not answer in time. */
    int exchange(String head, byte[] body, boolean closeOutput, int timeoutMillis) {
        try (Socket s = new Socket(host, port)) {
            s.setSoTimeout(timeoutMillis);
            try {
                OutputStream out = s.getOutputStream();
                out.write(head.getBytes(StandardCharsets.ISO_8859_1));
                out.write(body);
                out.flush();
                if (closeOutput) s.shutdownOutput();
            } catch (IOException e) {
                // the server stopped reading (it answered early, e.g. 413): its answer may still be there to read
            }
            return status(s.getInputStream());
        } catch (SocketTimeoutException e) {
            return -1;
        } catch (IOException e) {
            return 0;
        }
    }

    /** Opens a connection, sends a request, and leaves it for the caller to read from or abandon. */
    Socket open(String method, String path, String token, String json) throws IOException {
        Socket s = new Socket(host, port);
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        String head = method + " " + path + " HTTP/1.1\r\nHost: " + host + ":" + port + "\r\n"
                + (token == null ? "" : "Authorization: Bearer " + token + "\r\n")
                + "Content-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n";
        OutputStream out = s.getOutputStream();
        out.write(head.getBytes(StandardCharsets.ISO_8859_1));
        out.write(body);
        out.flush();
        return s;
    }

    String head(String method, String path, String token, String... headers) {
        StringBuilder b = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: " + host + ":" + port + "\r\n");
        if (token != null) b.append("Authorization: Bearer ").append(token).append("\r\n");
        for (String h : headers) b.append(h).append("\r\n");
        return b.append("Connection: close\r\n\r\n").toString();
    }

    static int status(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0 && c != '\n') line.append((char) c);
        if (line.isEmpty()) return 0;
        String[] parts = line.toString().trim().split(" ");
        return parts.length >= 2 && parts[1].matches("[0-9]{3}") ? Integer.parseInt(parts[1]) : 0;
    }
}
