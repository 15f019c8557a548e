package dev.hearth.testkit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A Hugging Face Hub for tests of code that downloads models: one repository at one commit, served on a random
 * loopback port with the Hub's model-info and resolve routes (files as LFS objects: sha256 ETag, size headers).
 * Point {@code HF_ENDPOINT} at {@link #endpoint()}. Unknown paths answer 404 with {@code X-Error-Code}.
 */
public final class FakeHub implements AutoCloseable {

    private final String repo;
    private final String commit;
    private final Map<String, byte[]> files;
    private final HttpServer server;
    private final List<String> requests = new CopyOnWriteArrayList<>();

    public FakeHub(String repo, String commit, Map<String, byte[]> files) {
        this(repo, commit, files, 0);
    }

    /** @param port the loopback port to listen on; 0 for any free one */
    public FakeHub(String repo, String commit, Map<String, byte[]> files, int port) {
        this.repo = repo;
        this.commit = commit;
        this.files = new LinkedHashMap<>(files);
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::route);
        server.start();
    }

    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Every request as "METHOD path", in arrival order. */
    public List<String> requests() {
        return List.copyOf(requests);
    }

    private void route(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getRawPath();
        requests.add(ex.getRequestMethod() + " " + path);
        if (path.equals("/api/models/" + repo + "/revision/main") || path.equals("/api/models/" + repo + "/revision/" + commit)) {
            StringBuilder siblings = new StringBuilder();
            for (String name : files.keySet()) {
                if (!siblings.isEmpty()) siblings.append(',');
                siblings.append("{\"rfilename\":\"").append(name).append("\"}");
            }
            send(ex, 200, ("{\"id\":\"" + repo + "\",\"sha\":\"" + commit + "\",\"siblings\":[" + siblings + "]}")
                    .getBytes(StandardCharsets.UTF_8));
            return;
        }
        String prefix = "/" + repo + "/resolve/";
        if (path.startsWith(prefix)) {
            String rest = path.substring(prefix.length());
            String name = rest.substring(rest.indexOf('/') + 1);
            byte[] body = files.get(name);
            if (body != null) {
                ex.getResponseHeaders().add("X-Repo-Commit", commit);
                ex.getResponseHeaders().add("X-Linked-Etag", "\"" + sha256(body) + "\"");
                ex.getResponseHeaders().add("X-Linked-Size", Integer.toString(body.length));
                send(ex, 200, body);
                return;
            }
            ex.getResponseHeaders().add("X-Error-Code", "EntryNotFound");
        } else {
            ex.getResponseHeaders().add("X-Error-Code", "RepoNotFound");
        }
        send(ex, 404, "{\"error\":\"not found\"}".getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange ex, int status, byte[] body) throws IOException {
        boolean head = ex.getRequestMethod().equals("HEAD");
        ex.getResponseHeaders().add("Content-Length", Integer.toString(body.length));
        ex.sendResponseHeaders(status, head ? -1 : body.length);
        if (!head) ex.getResponseBody().write(body);
        ex.close();
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
