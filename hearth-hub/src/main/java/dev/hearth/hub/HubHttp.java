package dev.hearth.hub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The Hub's HTTP routes, and the one place where their error answers become {@link HubException}s.
 * Redirects are followed here rather than by the JDK so that the token is sent only to the Hub's own host, never to
 * the CDN a file redirects to.
 */
final class HubHttp {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_REDIRECTS = 10;

    private final HubSettings settings;
    private final HttpClient http;

    HubHttp(HubSettings settings) {
        this.settings = settings;
        this.http = HttpClient.newBuilder()
                .connectTimeout(settings.timeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** What a file's HEAD says: the commit, the blob's name and size, and where to GET it. */
    record FileMetadata(String commit, String etag, long size, URI location) {}

    /** {@code GET /api/models/{repo}/revision/{revision}}: the commit and the file list. */
    RepoInfo modelInfo(String repoId, String revision) {
        URI uri = URI.create(settings.endpoint() + "/api/models/" + repoId + "/revision/" + quote(revision));
        HttpResponse<InputStream> r = send(request(uri).GET().build(), repoId + "@" + revision);
        try (InputStream body = r.body()) {
            if (r.statusCode() != 200) throw error(r, repoId + " at revision " + revision, false);
            JsonNode json = JSON.readTree(body);
            String sha = json.path("sha").asText(null);
            if (sha == null || sha.isBlank()) throw new HubException.Network("the Hub's model info for " + repoId + " has no sha");
            List<String> files = new ArrayList<>();
            for (JsonNode sibling : json.path("siblings")) files.add(sibling.path("rfilename").asText());
            return new RepoInfo(repoId, sha, files);
        } catch (IOException e) {
            throw new HubException.Network("cannot read the Hub's model info for " + repoId + ": " + e.getMessage(), e);
        }
    }

    /**
     * {@code HEAD /{repo}/resolve/{commit}/{file}}, as huggingface_hub's {@code get_hf_file_metadata}: relative
     * redirects (a renamed repository) are followed, an absolute one (the CDN) is not, because the Hub's own 302
     * carries {@code X-Linked-Etag} and {@code X-Linked-Size}, which describe the blob; ETag is the fallback.
     */
    FileMetadata head(String repoId, String commit, String filename) {
        URI uri = resolveUri(repoId, commit, filename);
        String what = repoId + "/" + filename;
        for (int hop = 0; ; hop++) {
            HttpRequest req = request(uri).method("HEAD", HttpRequest.BodyPublishers.noBody())
                    .header("Accept-Encoding", "identity").build();
            HttpResponse<InputStream> r = send(req, what);
            closeQuietly(r.body());
            int status = r.statusCode();
            String location = r.headers().firstValue("Location").orElse(null);
            boolean redirect = status >= 300 && status < 400 && location != null;
            if (redirect && URI.create(location).getHost() == null && hop < MAX_REDIRECTS) {
                uri = uri.resolve(location);
                continue;
            }
            if (status >= 400) throw error(r, what + " at " + commit, true);
            String etag = r.headers().firstValue("X-Linked-Etag").or(() -> r.headers().firstValue("ETag"))
                    .map(HubHttp::normalizeEtag).orElseThrow(() -> new HubException.Network(
                            "the Hub sent no ETag for " + what + "; is HF_ENDPOINT a Hub or a mirror of it?"));
            // A redirect's own Content-Length describes the redirect, not the file.
            long size = r.headers().firstValue("X-Linked-Size")
                    .or(() -> redirect ? Optional.empty() : r.headers().firstValue("Content-Length"))
                    .map(Long::parseLong).orElse(-1L);
            String repoCommit = r.headers().firstValue("X-Repo-Commit").orElse(commit);
            return new FileMetadata(repoCommit, etag, size, redirect ? uri.resolve(location) : uri);
        }
    }

    /**
     * {@code GET} a file's bytes from {@code offset} on ({@code Range: bytes=offset-} when offset is not 0), following
     * redirects. The caller reads and closes the body; 200 and 206 come back, errors become exceptions.
     */
    HttpResponse<InputStream> download(URI uri, long offset, String what) {
        URI hubHost = settings.endpoint();
        for (int hop = 0; ; hop++) {
            HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(settings.timeout()).GET()
                    .header("User-Agent", userAgent()).header("Accept-Encoding", "identity");
            if (offset > 0) b.header("Range", "bytes=" + offset + "-");
            if (settings.token() != null && sameHost(uri, hubHost)) b.header("Authorization", "Bearer " + settings.token());
            HttpResponse<InputStream> r = send(b.build(), what);
            int status = r.statusCode();
            String location = r.headers().firstValue("Location").orElse(null);
            if (status >= 300 && status < 400 && location != null && hop < MAX_REDIRECTS) {
                closeQuietly(r.body());
                uri = uri.resolve(location);
                continue;
            }
            if (status == 200 || status == 206 || status == 416) return r;
            closeQuietly(r.body());
            throw error(r, what, true);
        }
    }

    URI resolveUri(String repoId, String revision, String filename) {
        return URI.create(settings.endpoint() + "/" + repoId + "/resolve/" + quote(revision) + "/" + quotePath(filename));
    }

    private HttpRequest.Builder request(URI uri) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(settings.timeout()).header("User-Agent", userAgent());
        if (settings.token() != null) b.header("Authorization", "Bearer " + settings.token());
        return b;
    }

    private HttpResponse<InputStream> send(HttpRequest request, String what) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (ConnectException e) {
            throw new HubException.Network("cannot reach the Hub at " + request.uri().getScheme() + "://"
                    + request.uri().getAuthority() + " (" + what + "); check HF_ENDPOINT and the network, or set HF_HUB_OFFLINE=1", e);
        } catch (HttpTimeoutException e) {
            throw new HubException.Network("the Hub did not answer in " + settings.timeout().toSeconds() + " s (" + what + ")", e);
        } catch (IOException e) {
            throw new HubException.Network("request to the Hub failed (" + what + "): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HubException.Network("interrupted (" + what + ")", e);
        }
    }

    private static HubException error(HttpResponse<?> r, String what, boolean fileRoute) {
        return HubException.of(r.statusCode(), r.headers().firstValue("X-Error-Code").orElse(null),
                r.headers().firstValue("X-Error-Message").orElse(null), what, fileRoute);
    }

    /** {@code "abc"} and {@code W/"abc"} become {@code abc}, the blob's file name. */
    static String normalizeEtag(String etag) {
        String e = etag.strip();
        if (e.startsWith("W/")) e = e.substring(2);
        if (e.length() >= 2 && e.startsWith("\"") && e.endsWith("\"")) e = e.substring(1, e.length() - 1);
        if (e.isEmpty() || e.contains("/") || e.contains("\\") || e.startsWith(".")) {
            throw new HubException.Network("the Hub sent an ETag that cannot name a blob: " + etag);
        }
        return e;
    }

    /** A revision is one path segment in URLs: {@code refs/pr/1} becomes {@code refs%2Fpr%2F1}. */
    static String quote(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** A file path keeps its slashes; each segment is encoded. */
    static String quotePath(String path) {
        return String.join("/", Arrays.stream(path.split("/", -1)).map(HubHttp::quote).toList());
    }

    private static boolean sameHost(URI a, URI b) {
        return Objects.equals(a.getHost(), b.getHost()) && a.getPort() == b.getPort();
    }

    private static String userAgent() {
        return "hearth-hub/0.1; java/" + Runtime.version().feature();
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // nothing to release beyond the connection, which the client reclaims
        }
    }
}
