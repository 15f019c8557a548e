package dev.hearth.server.gateway;

import dev.hearth.server.endpoint.EndpointId;
import io.javalin.http.Context;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/**
 * Forwards one request to one replica and relays the answer as it comes.
 *
 * <p>Request headers go through except hop-by-hop ones, {@code Host}, the caller's {@code Authorization} (tokens are
 * the gateway's business, never the replica's) and the gateway's own {@code X-Scale-Up-Timeout}. In place of the
 * caller's {@code Authorization} the replica gets its own key ({@link Backend#apiKey()}), which only the gateway knows. The answer's status
 * and headers are relayed and its body copied read by read, flushed whenever the replica has nothing more ready, so
 * server-sent events reach the client one by one. When the client goes away the upstream body is closed, which closes
 * the connection to the replica so that it cancels its work.
 */
final class Proxy implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Proxy.class);

    /** RFC 9110 §7.6.1 hop-by-hop fields, plus those {@link HttpClient} sets itself or refuses. */
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-authenticate",
            "proxy-authorization", "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade", "host",
            "content-length", "expect", "http2-settings");
    /** The dashboard's CSRF token is the gateway's business too, like a token (and its session cookie, see below). */
    private static final Set<String> NOT_FORWARDED = Set.of("authorization", "x-scale-up-timeout", "x-csrf-token");

    private final HttpClient client;

    Proxy(Duration connectTimeout) {
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(connectTimeout)
                .executor(Executors.newVirtualThreadPerTaskExecutor())
                .build();
    }

    /** The connection to the replica failed before it sent any byte of an answer: safe to try another replica. */
    static final class BackendUnreachable extends Exception {
        BackendUnreachable(Throwable cause) {
            super(cause.getMessage() == null ? cause.getClass().getSimpleName()
                    : cause.getClass().getSimpleName() + ": " + cause.getMessage(), cause, false, false);
        }
    }

    /** The request as the replica gets it: {@code target} is the path after the endpoint prefix plus the query. */
    HttpRequest request(Context ctx, Backend backend, String target, String forwardedPrefix, byte[] body) {
        String base = backend.address().toString();
        if (base.endsWith("/")) base = base.substring(0, base.length() - 1);
        URI uri;
        try {
            uri = URI.create(base + target);
        } catch (IllegalArgumentException e) {
            throw GatewayException.badRequest("the request path is not a valid URI");
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).expectContinue(false)
                .method(ctx.method().name(), body.length == 0
                        ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        HttpServletRequest req = ctx.req();
        Set<String> skipped = connectionListed(req);
        for (String name : Collections.list(req.getHeaderNames())) {
            String lower = name.toLowerCase(Locale.ROOT);
            if (HOP_BY_HOP.contains(lower) || NOT_FORWARDED.contains(lower) || skipped.contains(lower)
                    || lower.startsWith("x-forwarded-")) continue;
            for (String value : Collections.list(req.getHeaders(name))) {
                String kept = lower.equals("cookie") ? withoutSessionCookie(value) : value;
                if (!kept.isEmpty()) header(b, name, kept);
            }
        }
        String forwardedFor = req.getHeader("X-Forwarded-For");
        header(b, "X-Forwarded-For", forwardedFor == null ? req.getRemoteAddr() : forwardedFor + ", " + req.getRemoteAddr());
        String host = req.getHeader("Host");
        if (host != null) header(b, "X-Forwarded-Host", host);
        header(b, "X-Forwarded-Proto", req.getScheme());
        if (!forwardedPrefix.isEmpty()) header(b, "X-Forwarded-Prefix", forwardedPrefix);
        if (backend.apiKey() != null) b.header("Authorization", "Bearer " + backend.apiKey());
        return b.build();
    }

    /** A POST of JSON made by the control plane itself (no client request to copy headers from). */
    HttpRequest request(Backend backend, String target, byte[] body) {
        String base = backend.address().toString();
        if (base.endsWith("/")) base = base.substring(0, base.length() - 1);
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + target)).expectContinue(false)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).header("Content-Type", "application/json");
        if (backend.apiKey() != null) b.header("Authorization", "Bearer " + backend.apiKey());
        return b.build();
    }

    /** A Cookie header's pairs but the dashboard's session, which stands for a token the replica must never see. */
    static String withoutSessionCookie(String cookieHeader) {
        return java.util.Arrays.stream(cookieHeader.split(";")).map(String::strip)
                .filter(pair -> !pair.isEmpty() && !pair.startsWith(dev.hearth.server.auth.Sessions.COOKIE + "="))
                .collect(java.util.stream.Collectors.joining("; "));
    }

    /**
     * Sends the request; returns once the replica's status line and headers have arrived. While it waits (a
     * non-streaming generation sends nothing until it is done) it looks every {@link #WATCH} whether the client is
     * still there; if not, the exchange is abandoned, which closes the connection to the replica so that it cancels
     * the work, as it does when a stream's client leaves.
     *
     * @throws ClientGone when the client went away first
     */
    HttpResponse<InputStream> send(HttpRequest request, BooleanSupplier clientGone) throws BackendUnreachable {
        CompletableFuture<HttpResponse<InputStream>> answer = client.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream());
        try {
            while (true) {
                try {
                    return answer.get(WATCH.toMillis(), TimeUnit.MILLISECONDS);
                } catch (TimeoutException stillWaiting) {
                    if (clientGone.getAsBoolean()) {
                        answer.cancel(true);
                        throw new ClientGone();
                    }
                }
            }
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) throw new BackendUnreachable(io);
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            answer.cancel(true);
            Thread.currentThread().interrupt();
            throw new BackendUnreachable(e);
        }
    }

    /** How often a request waiting for its replica's answer looks whether its client is still there. */
    static final Duration WATCH = Duration.ofMillis(50);

    /** The client closed its connection before the replica answered; nobody is left to answer. */
    static final class ClientGone extends RuntimeException {
        ClientGone() {
            super("the client closed its connection", null, false, false);
        }
    }

    /**
     * Relays status, headers and body; returns when the body is done or either side has gone away.
     *
     * @throws GatewayException 502 when the replica broke off a sized answer before any of it reached the client
     *                          (nothing was sent yet, so the client can still get a whole, clear error)
     */
    /** The largest whole JSON answer {@link #relay} keeps a copy of, for {@link Usage}. */
    static final long KEPT_ANSWER = 4L * 1024 * 1024;

    /**
     * @return a copy of the body when it was a whole, sized 200 JSON answer of at most {@link #KEPT_ANSWER} bytes
     *         relayed completely (what {@link Usage} reads); else null
     */
    byte[] relay(Context ctx, EndpointId id, HttpResponse<InputStream> response) {
        HttpServletResponse res = ctx.res();
        res.setStatus(response.statusCode());
        Set<String> skipped = connectionListed(response.headers().allValues("connection"));
        response.headers().map().forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.startsWith(":") || skipped.contains(lower)
                    || (HOP_BY_HOP.contains(lower) && !lower.equals("content-length"))) return;
            for (int i = 0; i < values.size(); i++) {
                if (i == 0) res.setHeader(name, values.get(i));
                else res.addHeader(name, values.get(i));
            }
        });
        // A streamed answer (no length) gets its headers at once; a sized one goes out in one write with its body.
        boolean sized = response.headers().firstValue("content-length").isPresent();
        EventFrames events = response.headers().firstValue("content-type")
                .filter(t -> t.toLowerCase(Locale.ROOT).startsWith("text/event-stream")).map(t -> new EventFrames()).orElse(null);
        long length = response.headers().firstValueAsLong("content-length").orElse(-1);
        java.io.ByteArrayOutputStream kept = sized && events == null && response.statusCode() == 200
                && length <= KEPT_ANSWER && response.headers().firstValue("content-type")
                .filter(t -> t.toLowerCase(Locale.ROOT).startsWith("application/json")).isPresent()
                ? new java.io.ByteArrayOutputStream((int) Math.max(0, length)) : null;
        try (InputStream in = response.body()) {
            OutputStream out = res.getOutputStream();
            if (!sized) res.flushBuffer();
            byte[] buffer = new byte[16 * 1024];
            while (true) {
                int n;
                try {
                    n = in.read(buffer);
                } catch (IOException upstream) {
                    log.warn("replica answer to {} {} broke off: {}", ctx.method(), ctx.path(), upstream.toString());
                    if (events == null && !res.isCommitted()) {
                        res.reset();
                        throw GatewayException.brokeOff(id);
                    } else if (events == null) {
                        abortClient(ctx, upstream);
                    } else {
                        // A stream can say what happened, in its own API's shape, and then end cleanly.
                        out.write(EventFrames.replicaGone(ctx.path()));
                        out.flush();
                    }
                    return null;
                }
                if (n < 0) break;
                if (events == null) out.write(buffer, 0, n);
                else out.write(events.add(buffer, n));
                if (kept != null) kept.write(buffer, 0, n);
                if (!sized && in.available() == 0) out.flush();
            }
            if (events != null) out.write(events.rest());
            out.flush();
            return kept == null ? null : kept.toByteArray();
        } catch (IOException clientGone) {
            // The client went away; leaving the try closed the upstream body, and with it the replica's connection.
            log.debug("client of {} {} went away: {}", ctx.method(), ctx.path(), clientGone.toString());
            return null;
        }
    }

    /**
     * Ends the client's connection without a clean end of body, so a broken answer cannot pass for a whole one:
     * Jetty 12's servlet channel fails the response, which resets the connection instead of writing the last chunk.
     */
    private static void abortClient(Context ctx, Throwable cause) {
        ServletContextRequest request = ServletContextRequest.getServletContextRequest(ctx.req());
        if (request != null) request.getServletChannel().abort(cause);
    }

    private static void header(HttpRequest.Builder b, String name, String value) {
        try {
            b.header(name, value);
        } catch (IllegalArgumentException invalid) {
            log.debug("not forwarding header {}: {}", name, invalid.getMessage());
        }
    }

    private static Set<String> connectionListed(HttpServletRequest req) {
        return connectionListed(Collections.list(req.getHeaders("Connection")));
    }

    /** Header names listed in {@code Connection}, which are hop-by-hop too. */
    private static Set<String> connectionListed(List<String> connectionValues) {
        Set<String> names = new HashSet<>();
        for (String value : connectionValues) {
            for (String token : value.split(",")) names.add(token.strip().toLowerCase(Locale.ROOT));
        }
        return names;
    }

    @Override
    public void close() {
        client.shutdownNow();
    }
}
