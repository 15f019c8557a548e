package dev.hearth.hub;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

/**
 * A Hugging Face Hub on this machine: repositories held in memory, served on a loopback port with the routes
 * huggingface_hub and {@link HubClient} use. {@code hearth fake-hub} runs one to serve local files where the real Hub
 * is out of reach; the tests of everything that downloads run one too. Point {@code HF_ENDPOINT} at {@link #endpoint()}.
 *
 * <p>Routes: model info by revision ({@code /api/models/{repo}/revision/{rev}}); resolve
 * ({@code /{repo}/resolve/{rev}/{file}}), which for LFS files (names ending in {@code .safetensors} or {@code .gguf})
 * answers 302 to a CDN-like {@code /cdn/{sha256}} path with {@code X-Linked-Etag} and {@code X-Linked-Size}, and for
 * other files 200 with the git blob sha1 as ETag; {@code Range: bytes=N-} on the CDN path; and the Hub's errors, 401,
 * 403 and 404 with {@code X-Error-Code} ({@code RepoNotFound}, {@code RevisionNotFound}, {@code EntryNotFound},
 * {@code GatedRepo}). A private repository needs a token; a gated one a token given to {@link #acceptGate(String)};
 * a token that is neither {@link #GOOD_TOKEN} nor accepted for a gate is refused with 401.
 *
 * <p>To test failures: {@link #cutNextTransfer}, {@link #hide} and {@link #delayCdnChunks}. Every request is recorded
 * ({@link #requests()}). Plain JDK HTTP server, one virtual thread per exchange: concurrent downloads are served
 * concurrently.
 */
public final class LocalHub implements AutoCloseable {

    /** A token that every repository, private ones included (not gated ones), accepts. */
    public static final String GOOD_TOKEN = "hf_good";

    /**
     * @param refs  branch or tag name → commit ({@code main} at least, to be found without a commit)
     * @param files repository path → content
     */
    public record Repo(String id, String commit, Map<String, String> refs, Map<String, byte[]> files, boolean isPrivate,
                       boolean gated) {
        public Repo {
            refs = Map.copyOf(refs);
            files = Map.copyOf(files);
        }
    }

    private final Map<String, Repo> repos = new ConcurrentHashMap<>();
    private final Map<String, Integer> cutAfter = new ConcurrentHashMap<>();
    private final Set<String> hidden = ConcurrentHashMap.newKeySet();
    private final Set<String> acceptedGates = ConcurrentHashMap.newKeySet();
    /** Every request: "METHOD /path" plus " Range=..." and " Authorization=..." when sent. */
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private volatile int cdnChunkDelayMillis;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final HttpServer server;
    private final AtomicBoolean closed = new AtomicBoolean();

    /** A Hub on any free loopback port, with no repositories yet. */
    public LocalHub() {
        this(0);
    }

    /** @param port the loopback port to listen on; 0 for any free one */
    public LocalHub(int port) {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on 127.0.0.1:" + port, e);
        }
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** The base URL, e.g. {@code http://127.0.0.1:9090}: the value for {@code HF_ENDPOINT}. */
    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public URI uri() {
        return URI.create(endpoint());
    }

    /** Adds a public repository whose {@code main} is {@code commit}. */
    public LocalHub repo(String id, String commit, Map<String, byte[]> files) {
        return put(new Repo(id, commit, Map.of("main", commit), files, false, false));
    }

    public LocalHub put(Repo repo) {
        repos.put(repo.id(), repo);
        return this;
    }

    /** The next CDN transfer of the blob with this sha256 stops after {@code bytes} bytes, then the connection drops. */
    public void cutNextTransfer(String sha256, int bytes) {
        cutAfter.put(sha256, bytes);
    }

    /** Listed by model info, but resolve answers 404 EntryNotFound. */
    public void hide(String filename) {
        hidden.add(filename);
    }

    /** This token may read gated repositories (as if its user had accepted their terms). */
    public void acceptGate(String token) {
        acceptedGates.add(token);
    }

    /** Pauses this long after each 8 KiB the CDN path sends: a slow network. */
    public void delayCdnChunks(int millis) {
        cdnChunkDelayMillis = millis;
    }

    /** Every request so far, in arrival order: "METHOD /path" plus " Range=..." and " Authorization=..." when sent. */
    public List<String> requests() {
        return List.copyOf(requests);
    }

    public List<String> requestsMatching(String fragment) {
        return requests.stream().filter(r -> r.contains(fragment)).toList();
    }

    public void clearRequests() {
        requests.clear();
    }

    public static String sha256(byte[] b) {
        return hex("SHA-256", b);
    }

    /** The git blob id: sha1 of "blob {size}\0" and the bytes; the Hub's ETag for files not in LFS. */
    public static String gitSha1(byte[] b) {
        byte[] header = ("blob " + b.length + "\0").getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[header.length + b.length];
        System.arraycopy(header, 0, all, 0, header.length);
        System.arraycopy(b, 0, all, header.length, b.length);
        return hex("SHA-1", all);
    }

    /** Whether the Hub stores this file in LFS (served through the CDN path, named by sha256). */
    public static boolean isLfs(String filename) {
        return filename.endsWith(".safetensors") || filename.endsWith(".gguf");
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            Headers in = ex.getRequestHeaders();
            String path = ex.getRequestURI().getRawPath();
            requests.add(ex.getRequestMethod() + " " + path
                    + (in.getFirst("Range") == null ? "" : " Range=" + in.getFirst("Range"))
                    + (in.getFirst("Authorization") == null ? "" : " Authorization=" + in.getFirst("Authorization")));
            boolean head = ex.getRequestMethod().equals("HEAD");
            if (!head && !ex.getRequestMethod().equals("GET")) {
                send(ex, 405, null);
            } else {
                route(ex, path, head);
            }
        } catch (IOException e) {
            // The client went away, or a transfer was cut on purpose: nothing more to send.
        }
    }

    /** The commit {@code revision} names in {@code repo}, or null once the Hub's 404 RevisionNotFound is sent. */
    private String commitOr404(HttpExchange ex, Repo repo, String revision) throws IOException {
        String commit = commitOf(repo, revision);
        if (commit == null) error(ex, 404, "RevisionNotFound", "Invalid rev id: " + revision);
        return commit;
    }

    private void route(HttpExchange ex, String path, boolean head) throws IOException {
        if (path.startsWith("/api/models/") && path.contains("/revision/")) {
            String repoId = path.substring("/api/models/".length(), path.indexOf("/revision/"));
            String revision = decode(path.substring(path.indexOf("/revision/") + "/revision/".length()));
            Repo repo = authorize(ex, repoId);
            if (repo == null) return;
            String commit = commitOr404(ex, repo, revision);
            if (commit == null) return;
            String siblings = repo.files().keySet().stream().sorted()
                    .map(f -> "{\"rfilename\":\"" + f + "\"}").collect(Collectors.joining(","));
            ex.getResponseHeaders().set("Content-Type", "application/json");
            send(ex, 200, ("{\"id\":\"" + repoId + "\",\"sha\":\"" + commit + "\",\"siblings\":[" + siblings + "]}")
                    .getBytes(StandardCharsets.UTF_8));
        } else if (path.startsWith("/cdn/")) {
            serveBlob(ex, path.substring("/cdn/".length()), head);
        } else if (path.contains("/resolve/")) {
            String repoId = path.substring(1, path.indexOf("/resolve/"));
            String rest = path.substring(path.indexOf("/resolve/") + "/resolve/".length());
            if (rest.indexOf('/') < 0) {
                error(ex, 404, "EntryNotFound", "Entry not found");
                return;
            }
            String revision = decode(rest.substring(0, rest.indexOf('/')));
            String filename = decode(rest.substring(rest.indexOf('/') + 1));
            Repo repo = authorize(ex, repoId);
            if (repo == null) return;
            String commit = commitOr404(ex, repo, revision);
            if (commit == null) return;
            byte[] content = repo.files().get(filename);
            if (content == null || hidden.contains(filename)) {
                error(ex, 404, "EntryNotFound", "Entry not found");
                return;
            }
            Headers out = ex.getResponseHeaders();
            out.set("X-Repo-Commit", commit);
            if (isLfs(filename)) {
                String sha = sha256(content);
                out.set("X-Linked-Etag", "\"" + sha + "\"");
                out.set("X-Linked-Size", Long.toString(content.length));
                out.set("ETag", "\"" + gitSha1(sha.getBytes(StandardCharsets.UTF_8)) + "\"");
                out.set("Location", endpoint() + "/cdn/" + sha);
                send(ex, 302, null);
            } else {
                out.set("ETag", "\"" + gitSha1(content) + "\"");
                send(ex, 200, content);
            }
        } else {
            send(ex, 404, null);
        }
    }

    private Repo authorize(HttpExchange ex, String repoId) throws IOException {
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        String token = auth != null && auth.startsWith("Bearer ") ? auth.substring(7) : null;
        if (token != null && !token.equals(GOOD_TOKEN) && !acceptedGates.contains(token)) {
            error(ex, 401, null, "Invalid credentials in Authorization header");
            return null;
        }
        Repo repo = repos.get(repoId);
        if (repo == null || (repo.isPrivate() && token == null)) {
            error(ex, token == null ? 401 : 404, "RepoNotFound",
                    "Repository Not Found for url: " + endpoint() + ex.getRequestURI().getRawPath());
            return null;
        }
        if (repo.gated() && (token == null || !acceptedGates.contains(token))) {
            error(ex, token == null ? 401 : 403, "GatedRepo", "Access to model " + repoId + " is restricted");
            return null;
        }
        return repo;
    }

    private static String commitOf(Repo repo, String revision) {
        if (revision.equals(repo.commit())) return repo.commit();
        return repo.refs().get(revision);
    }

    private void serveBlob(HttpExchange ex, String sha, boolean head) throws IOException {
        byte[] content = repos.values().stream().flatMap(r -> r.files().values().stream())
                .filter(b -> sha256(b).equals(sha)).findFirst().orElse(null);
        if (content == null) {
            send(ex, 404, null);
            return;
        }
        Headers out = ex.getResponseHeaders();
        int from = 0;
        int status = 200;
        String range = ex.getRequestHeaders().getFirst("Range");
        if (range != null && range.startsWith("bytes=") && range.endsWith("-")) {
            from = Integer.parseInt(range.substring(6, range.length() - 1));
            if (from >= content.length) {
                out.set("Content-Range", "bytes */" + content.length);
                send(ex, 416, null);
                return;
            }
            status = 206;
            out.set("Content-Range", "bytes " + from + "-" + (content.length - 1) + "/" + content.length);
        }
        out.set("Accept-Ranges", "bytes");
        out.set("ETag", "\"" + sha + "\"");
        int length = content.length - from;
        if (head) {
            out.set("Content-Length", Integer.toString(length));
            ex.sendResponseHeaders(status, -1);
            return;
        }
        ex.sendResponseHeaders(status, length);
        Integer cut = cutAfter.remove(sha);
        int end = cut == null ? content.length : Math.min(content.length, from + cut);
        OutputStream body = ex.getResponseBody();
        for (int i = from; i < end; i += 8192) {
            body.write(content, i, Math.min(8192, end - i));
            body.flush();
            pause();
        }
        // When cut, fewer bytes than announced were written: closing the exchange then drops the connection
        // mid-body, as a failing network would (the JDK server refuses to end a short fixed-length body cleanly).
    }

    private void pause() throws IOException {
        int delay = cdnChunkDelayMillis;
        if (delay <= 0) return;
        try {
            Thread.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static void error(HttpExchange ex, int status, String code, String message) throws IOException {
        Headers out = ex.getResponseHeaders();
        if (code != null) out.set("X-Error-Code", code);
        out.set("X-Error-Message", message);
        out.set("Content-Type", "application/json");
        send(ex, status, ("{\"error\":\"" + message.replace("\"", "'") + "\"}").getBytes(StandardCharsets.UTF_8));
    }

    /** A whole response; HEAD gets the headers (Content-Length included) and no body. */
    private static void send(HttpExchange ex, int status, byte[] body) throws IOException {
        boolean head = ex.getRequestMethod().equals("HEAD");
        if (body == null || body.length == 0) {
            if (head) ex.getResponseHeaders().set("Content-Length", "0");
            ex.sendResponseHeaders(status, -1);
            return;
        }
        if (head) {
            ex.getResponseHeaders().set("Content-Length", Integer.toString(body.length));
            ex.sendResponseHeaders(status, -1);
            return;
        }
        ex.sendResponseHeaders(status, body.length);
        ex.getResponseBody().write(body);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    private static String hex(String algorithm, byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Stops serving and frees the port; a second call does nothing. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) return;
        server.stop(0);
        executor.shutdownNow();
    }
}
