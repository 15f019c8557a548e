package dev.hearth.hub;

import io.javalin.Javalin;
import io.javalin.http.Context;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/**
 * A Hub on a random port, speaking the routes huggingface_hub uses: model info by revision, resolve (302 to a
 * CDN-like {@code /cdn/<sha256>} path for LFS files, 200 with a git-sha1 ETag for small ones), Range on the CDN,
 * and 401/403/404 with {@code X-Error-Code}. Files whose name ends in {@code .safetensors} or {@code .gguf} are LFS.
 */
final class FakeHub implements AutoCloseable {

    static final String GOOD_TOKEN = "hf_good";

    record Repo(String id, String commit, Map<String, String> refs, Map<String, byte[]> files, boolean isPrivate,
                boolean gated) {}

    private final Map<String, Repo> repos = new ConcurrentHashMap<>();
    private final Map<String, Integer> cutAfter = new ConcurrentHashMap<>();
    private final Set<String> hidden = ConcurrentHashMap.newKeySet();
    private final Set<String> acceptedGates = ConcurrentHashMap.newKeySet();
    /** Every request: "METHOD /path" plus " Range=..." and " Authorization=..." when sent. */
    final List<String> requests = new CopyOnWriteArrayList<>();
    volatile int cdnChunkDelayMillis;
    private final Javalin app;

    FakeHub() {
        app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.routes.before(ctx -> requests.add(ctx.method() + " " + ctx.req().getRequestURI()
                    + (ctx.header("Range") == null ? "" : " Range=" + ctx.header("Range"))
                    + (ctx.header("Authorization") == null ? "" : " Authorization=" + ctx.header("Authorization"))));
            config.routes.get("/<path>", ctx -> route(ctx, false));
            config.routes.head("/<path>", ctx -> route(ctx, true));
        });
        app.start("127.0.0.1", 0);
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + app.port());
    }

    FakeHub repo(String id, String commit, Map<String, byte[]> files) {
        return put(new Repo(id, commit, Map.of("main", commit), files, false, false));
    }

    FakeHub put(Repo repo) {
        repos.put(repo.id(), repo);
        return this;
    }

    /** The next CDN transfer of the blob with this sha256 stops after {@code bytes} bytes, then the connection drops. */
    void cutNextTransfer(String sha256, int bytes) {
        cutAfter.put(sha256, bytes);
    }

    /** Listed by model info, but resolve answers 404 EntryNotFound. */
    void hide(String filename) {
        hidden.add(filename);
    }

    void acceptGate(String token) {
        acceptedGates.add(token);
    }

    List<String> requestsMatching(String fragment) {
        return requests.stream().filter(r -> r.contains(fragment)).toList();
    }

    static String sha256(byte[] b) {
        return hex("SHA-256", b);
    }

    /** The git blob id: sha1 of "blob {size}\0" and the bytes; the Hub's ETag for files not in LFS. */
    static String gitSha1(byte[] b) {
        byte[] header = ("blob " + b.length + "\0").getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[header.length + b.length];
        System.arraycopy(header, 0, all, 0, header.length);
        System.arraycopy(b, 0, all, header.length, b.length);
        return hex("SHA-1", all);
    }

    static boolean isLfs(String filename) {
        return filename.endsWith(".safetensors") || filename.endsWith(".gguf");
    }

    private void route(Context ctx, boolean head) throws Exception {
        String path = ctx.req().getRequestURI();
        if (path.startsWith("/api/models/") && path.contains("/revision/")) {
            String repoId = path.substring("/api/models/".length(), path.indexOf("/revision/"));
            String revision = decode(path.substring(path.indexOf("/revision/") + "/revision/".length()));
            Repo repo = authorize(ctx, repoId);
            if (repo == null) return;
            String commit = commitOf(repo, revision);
            if (commit == null) {
                error(ctx, 404, "RevisionNotFound", "Invalid rev id: " + revision);
                return;
            }
            String siblings = repo.files().keySet().stream().sorted()
                    .map(f -> "{\"rfilename\":\"" + f + "\"}").collect(Collectors.joining(","));
            ctx.contentType("application/json")
                    .result("{\"id\":\"" + repoId + "\",\"sha\":\"" + commit + "\",\"siblings\":[" + siblings + "]}");
        } else if (path.startsWith("/cdn/")) {
            serveBlob(ctx, path.substring("/cdn/".length()), head);
        } else if (path.contains("/resolve/")) {
            String repoId = path.substring(1, path.indexOf("/resolve/"));
            String rest = path.substring(path.indexOf("/resolve/") + "/resolve/".length());
            String revision = decode(rest.substring(0, rest.indexOf('/')));
            String filename = decode(rest.substring(rest.indexOf('/') + 1));
            Repo repo = authorize(ctx, repoId);
            if (repo == null) return;
            String commit = commitOf(repo, revision);
            if (commit == null) {
                error(ctx, 404, "RevisionNotFound", "Invalid rev id: " + revision);
                return;
            }
            byte[] content = repo.files().get(filename);
            if (content == null || hidden.contains(filename)) {
                error(ctx, 404, "EntryNotFound", "Entry not found");
                return;
            }
            ctx.header("X-Repo-Commit", commit);
            if (isLfs(filename)) {
                String sha = sha256(content);
                ctx.header("X-Linked-Etag", "\"" + sha + "\"").header("X-Linked-Size", Long.toString(content.length))
                        .header("ETag", "\"" + gitSha1(sha.getBytes(StandardCharsets.UTF_8)) + "\"")
                        .header("Location", uri() + "/cdn/" + sha).status(302);
            } else {
                ctx.header("ETag", "\"" + gitSha1(content) + "\"");
                ctx.res().setContentLengthLong(content.length);
                if (!head) ctx.result(content);
            }
        } else {
            ctx.status(404);
        }
    }

    private Repo authorize(Context ctx, String repoId) {
        String auth = ctx.header("Authorization");
        String token = auth != null && auth.startsWith("Bearer ") ? auth.substring(7) : null;
        if (token != null && !token.equals(GOOD_TOKEN) && !acceptedGates.contains(token)) {
            error(ctx, 401, null, "Invalid credentials in Authorization header");
            return null;
        }
        Repo repo = repos.get(repoId);
        if (repo == null || (repo.isPrivate() && token == null)) {
            error(ctx, token == null ? 401 : 404, "RepoNotFound", "Repository Not Found for url: " + ctx.url());
            return null;
        }
        if (repo.gated() && (token == null || !acceptedGates.contains(token))) {
            error(ctx, token == null ? 401 : 403, "GatedRepo", "Access to model " + repoId + " is restricted");
            return null;
        }
        return repo;
    }

    private static String commitOf(Repo repo, String revision) {
        if (revision.equals(repo.commit())) return repo.commit();
        return repo.refs().get(revision);
    }

    private void serveBlob(Context ctx, String sha, boolean head) throws IOException, InterruptedException {
        byte[] content = repos.values().stream().flatMap(r -> r.files().values().stream())
                .filter(b -> sha256(b).equals(sha)).findFirst().orElse(null);
        if (content == null) {
            ctx.status(404);
            return;
        }
        int from = 0;
        String range = ctx.header("Range");
        if (range != null && range.startsWith("bytes=") && range.endsWith("-")) {
            from = Integer.parseInt(range.substring(6, range.length() - 1));
            if (from >= content.length) {
                ctx.status(416).header("Content-Range", "bytes */" + content.length);
                return;
            }
            ctx.status(206).header("Content-Range", "bytes " + from + "-" + (content.length - 1) + "/" + content.length);
        }
        ctx.header("Accept-Ranges", "bytes").header("ETag", "\"" + sha + "\"");
        ctx.res().setContentLengthLong(content.length - from);
        if (head) return;
        Integer cut = cutAfter.remove(sha);
        int end = cut == null ? content.length : Math.min(content.length, from + cut);
        OutputStream out = ctx.res().getOutputStream();
        for (int i = from; i < end; i += 8192) {
            out.write(content, i, Math.min(8192, end - i));
            out.flush();
            if (cdnChunkDelayMillis > 0) Thread.sleep(cdnChunkDelayMillis);
        }
        if (cut != null) {
            // Drop the connection mid-body, as a failing network would.
            org.eclipse.jetty.ee10.servlet.ServletContextRequest.getServletContextRequest(ctx.req()).getServletChannel()
                    .abort(new IOException("cut"));
        }
    }

    private static void error(Context ctx, int status, String code, String message) {
        if (code != null) ctx.header("X-Error-Code", code);
        ctx.header("X-Error-Message", message).status(status).contentType("application/json")
                .result("{\"error\":\"" + message.replace("\"", "'") + "\"}");
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    private static String hex(String algorithm, byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(b));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        app.stop();
    }
}
