package dev.hearth.client.internal;

import dev.hearth.client.HearthConnectionException;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One authenticated HTTP connection pool: the bearer token, extra headers and a per-request timeout, over a shared
 * {@link HttpClient}. Immutable; {@code with*} methods share the pool.
 *
 * <p>HTTP/1.1 only, so that closing a streamed body closes its connection: that is how a dropped stream reaches the
 * server and cancels generation there.
 */
public final class Http {

    private static final String USER_AGENT = "hearth-client/0.1.0 java/" + Runtime.version().feature();

    private final HttpClient client;
    private final Optional<String> token;
    private final Map<String, String> headers;
    private final Duration timeout;

    public Http(HttpClient client, Optional<String> token, Map<String, String> headers, Duration timeout) {
        this.client = client;
        this.token = token;
        this.headers = Map.copyOf(headers);
        this.timeout = timeout;
    }

    /** A new pool; the caller owns it and closes it. */
    public static HttpClient newClient() {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }

    public HttpClient client() {
        return client;
    }

    public Optional<String> token() {
        return token;
    }

    public Duration timeout() {
        return timeout;
    }

    public Map<String, String> headers() {
        return headers;
    }

    public Http withTimeout(Duration t) {
        return new Http(client, token, headers, t);
    }

    public Http withHeaders(Map<String, String> more) {
        Map<String, String> all = new LinkedHashMap<>(headers);
        all.putAll(more);
        return new Http(client, token, all, timeout);
    }

    /** A request with the token, the extra headers and the timeout (which bounds the wait for response headers). */
    public HttpRequest.Builder request(URI uri) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(timeout).header("User-Agent", USER_AGENT);
        token.ifPresent(t -> b.header("Authorization", "Bearer " + t));
        headers.forEach(b::header);
        return b;
    }

    /** A JSON POST (or PUT) body. */
    public HttpRequest.Builder json(URI uri, String method, String body) {
        return request(uri).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body));
    }

    public HttpResponse<String> send(HttpRequest request) {
        return send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** Sends and returns the body as a stream; the caller must close it. */
    public HttpResponse<InputStream> open(HttpRequest request) {
        // Each stream gets a connection pool of its own: closing a java.net.http body stream does not end the
        // exchange (the client drains it), so the server would generate on to the end. Shutting the stream's own
        // client down does close its connection, and the server cancels the generation.
        HttpClient own = newClient();
        try {
            HttpResponse<InputStream> r = own.send(request, HttpResponse.BodyHandlers.ofInputStream());
            return new AbortableResponse(r, own);
        } catch (HttpTimeoutException e) {
            own.shutdownNow();
            throw new HearthConnectionException("no answer from " + request.method() + " " + request.uri()
                    + " within " + timeout.toSeconds() + " s", e, true);
        } catch (IOException e) {
            own.shutdownNow();
            throw new HearthConnectionException("cannot reach " + request.uri() + ": " + describe(e), e, false);
        } catch (InterruptedException e) {
            own.shutdownNow();
            Thread.currentThread().interrupt();
            throw new HearthConnectionException("interrupted while calling " + request.uri(), e, false);
        }
    }

    /** The body of a 2xx answer; an error answer becomes the exception for its status. */
    public String expectOk(HttpRequest request) {
        HttpResponse<String> r = send(request);
        if (r.statusCode() / 100 != 2) {
            throw Errors.byStatus(r.statusCode(), r.headers(), r.body(), request.method(), request.uri());
        }
        return r.body();
    }

    private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        try {
            return client.send(request, handler);
        } catch (HttpTimeoutException e) {
            throw new HearthConnectionException("no answer from " + request.method() + " " + request.uri()
                    + " within " + timeout.toSeconds() + " s", e, true);
        } catch (IOException e) {
            throw new HearthConnectionException("cannot reach " + request.uri() + ": " + describe(e), e, false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HearthConnectionException("interrupted while calling " + request.uri(), e, false);
        }
    }

    private static String describe(IOException e) {
        String m = e.getMessage();
        if (e instanceof java.net.ConnectException) return "connection refused (is the server running?)";
        return m == null ? e.getClass().getSimpleName() : m;
    }

    /** Reads a streamed error body (small by nature) and closes it. */
    public static String drain(InputStream in) {
        try (in) {
            byte[] b = in.readNBytes(64 * 1024);
            return new String(b, java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
