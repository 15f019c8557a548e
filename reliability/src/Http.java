import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * HTTP to the installation under test, with one token. Failures to connect or read become a response with status
 * -1 (and the exception's name as body), so that suites count them in their histograms instead of stopping.
 */
final class Http {

    /** HTTP/1.1 only: the JDK client would otherwise try an h2c upgrade, which is not what users' clients do. */
    static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    record Res(int status, String body, HttpHeaders headers, long nanos) {
        Object json() {
            return Json.tryParse(body);
        }

        String header(String name) {
            return headers == null ? null : headers.firstValue(name).orElse(null);
        }

        double millis() {
            return nanos / 1e6;
        }

        /** The status as a histogram key: the number, or the kind of failure. */
        String key() {
            return status >= 0 ? Integer.toString(status) : body;
        }
    }

    final String base;
    final String token;
    final Duration timeout;

    Http(String base, String token) {
        this(base, token, Duration.ofSeconds(60));
    }

    Http(String base, String token, Duration timeout) {
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        this.token = token;
        this.timeout = timeout;
    }

    Http as(String otherToken) {
        return new Http(base, otherToken, timeout);
    }

    Http withTimeout(Duration t) {
        return new Http(base, token, t);
    }

    Res get(String path) {
        return send("GET", path, null, Map.of());
    }

    Res post(String path, String json) {
        return send("POST", path, json == null ? null : json.getBytes(StandardCharsets.UTF_8), Map.of("Content-Type", "application/json"));
    }

    Res put(String path, String json) {
        return send("PUT", path, json.getBytes(StandardCharsets.UTF_8), Map.of("Content-Type", "application/json"));
    }

    Res delete(String path) {
        return send("DELETE", path, null, Map.of());
    }

    String url(String path) {
        return path.startsWith("http") ? path : base + path;
    }

    HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(path))).timeout(timeout);
        if (token != null) b.header("Authorization", "Bearer " + token);
        return b;
    }

    Res send(String method, String path, byte[] body, Map<String, String> headers) {
        long t0 = System.nanoTime();
        try {
            HttpRequest.Builder b = request(path).method(method,
                    body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
            headers.forEach(b::header);
            HttpResponse<String> r = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Res(r.statusCode(), r.body(), r.headers(), System.nanoTime() - t0);
        } catch (IOException | IllegalArgumentException e) {
            return new Res(-1, e.getClass().getSimpleName(), null, System.nanoTime() - t0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Res(-1, "interrupted", null, System.nanoTime() - t0);
        }
    }
}
