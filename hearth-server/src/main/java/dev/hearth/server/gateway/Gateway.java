package dev.hearth.server.gateway;

import dev.hearth.server.auth.TokenVerifier;
import dev.hearth.server.endpoint.EndpointId;
import dev.hearth.serving.ClientConnection;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashSet;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;

/**
 * The data-plane gateway: {@code /endpoints/{namespace}/{name}/**}, every method, proxied to a ready replica of that
 * endpoint with the prefix stripped.
 *
 * <p>One request, in order: find the route (404), check the token against the endpoint's type (401/403), refuse a
 * paused (400) or failed (503) endpoint without waking it, read the body (413 past the limit), lease the least-loaded
 * ready replica or wake the endpoint and wait in its cold-start buffer (503 past the buffer or the deadline), forward,
 * and relay the answer as it streams. A replica that refuses or drops the connection before answering is replaced by
 * another once; if none can be had: 502.
 *
 * <p>Build it once in the composition root: {@code new Gateway(routes, tokens, settings)}, then
 * {@link #register(RoutesConfig)}; {@link #load()} is what the autoscaler reads, {@link #metricsText} goes into
 * {@code /metrics}. The request-size limit is the gateway's own ({@link GatewaySettings#maxRequestBytes()}), checked on
 * the declared length and on the bytes read, so chunked bodies are bounded too.
 */
public final class Gateway implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Gateway.class);
    private static final String PREFIX = "/endpoints/";
    /** Extra tries of a replica whose connection failed without being refused: stale pooled connections. */
    private static final int STALE_RETRIES = 2;
    private static final Pattern SECONDS = Pattern.compile("\\d+(\\.\\d+)?");
    private static final HandlerType[] METHODS = {HandlerType.GET, HandlerType.POST, HandlerType.PUT,
            HandlerType.PATCH, HandlerType.DELETE, HandlerType.HEAD, HandlerType.OPTIONS};

    private final RoutingTable table;
    private final GatewaySettings settings;
    private final LoadTracker load;
    private final EndpointAuth auth;
    private final GatewayMetrics metrics;
    private final Usage usage = new Usage();
    private final ColdStartWait coldStart;
    private final Proxy proxy;
    /** For connections: servers elsewhere get a longer connect timeout than replicas on this host. */
    private final Proxy remoteProxy = new Proxy(java.time.Duration.ofSeconds(10));
    private final InProcessCalls inProcess;

    public Gateway(RoutingTable table, TokenVerifier verifier, GatewaySettings settings) {
        this(table, verifier, settings, new LoadTracker());
    }

    /** With a {@link LoadTracker} made beforehand, e.g. to hand it to the autoscaler before the gateway exists. */
    public Gateway(RoutingTable table, TokenVerifier verifier, GatewaySettings settings, LoadTracker load) {
        this(table, verifier, settings, load, null);
    }

    /** With the dashboard's sessions, whose cookie authenticates like a token (see {@link EndpointAuth}). */
    public Gateway(RoutingTable table, TokenVerifier verifier, GatewaySettings settings, LoadTracker load,
                   dev.hearth.server.auth.Sessions sessions) {
        this.table = table;
        this.settings = settings;
        this.load = load;
        this.auth = new EndpointAuth(verifier, sessions);
        this.metrics = new GatewayMetrics(load);
        this.coldStart = new ColdStartWait(table, load, settings, metrics);
        this.proxy = new Proxy(settings.connectTimeout());
        this.inProcess = new InProcessCalls(table, load, coldStart, proxy, remoteProxy, metrics, usage);
    }

    /** Requests the control plane makes itself (batch lines), served as a client's are. */
    public InProcessCalls inProcess() {
        return inProcess;
    }

    /** Adds the gateway's routes, every method, to the server's. */
    public void register(RoutesConfig routes) {
        for (HandlerType method : METHODS) {
            routes.addHttpHandler(method, "/endpoints/{namespace}/{name}", this::handle);
            routes.addHttpHandler(method, "/endpoints/{namespace}/{name}/<rest>", this::handle);
        }
    }

    /** Outstanding, waiting and served requests per endpoint, and when each was last busy. */
    public LoadTracker load() {
        return load;
    }

    /**
     * The gateway's {@code hearth_gateway_*} series and the usage counts in the Prometheus text format, to append to
     * {@code /metrics}. Series of endpoints and connections for which {@code exists} is false (deleted since) are
     * dropped first, so that the series do not grow with every name ever created.
     */
    public String metricsText(java.util.function.Predicate<EndpointId> exists) {
        for (EndpointId id : metrics.known()) if (!exists.test(id)) metrics.forgetIfIdle(id);
        return metrics.text() + usage.text();
    }

    /** Tokens used per namespace and model, from whole answers' {@code usage}. */
    public Usage usage() {
        return usage;
    }

    /** Each endpoint's recent requests, latencies and cold starts, stepped by a {@link MetricsSampler}. */
    public MetricsHistory history() {
        return metrics.history;
    }

    /** Seconds until the endpoint is likely to have a ready replica, as a 503 would say it. */
    public double estimatedColdStartSeconds(EndpointId id) {
        return coldStart.estimatedSeconds(id);
    }

    private void handle(Context ctx) {
        EndpointId id = new EndpointId(ctx.pathParam("namespace"), ctx.pathParam("name"));
        String[] split = splitPath(ctx);
        String query = ctx.req().getQueryString();
        serve(ctx, id, split[1] + (query == null ? "" : "?" + query), split[0], null);
    }

    /**
     * Serves a request for endpoint {@code id} whose path on the replica is {@code target} (path and query), exactly
     * as {@code /endpoints/{namespace}/{name}{target}} is served: the same token check against the endpoint's type,
     * the same refusal of paused and failed endpoints, the same waking and holding, the same relaying. For the root
     * router, which has read the body already to learn its {@code model}.
     */
    public void serve(Context ctx, EndpointId id, String target, byte[] body) {
        serve(ctx, id, target, "", body);
    }

    private void serve(Context ctx, EndpointId id, String target, String prefix, byte[] readBody) {
        long arrived = System.nanoTime();
        Route route = table.route(id).orElse(null);
        if (route == null) {
            metrics.unknownEndpoint();
            GatewayErrors.write(ctx, GatewayException.notFound(id));
            return;
        }
        int status = 500;
        try {
            auth.check(route, ctx);
            ColdStartWait.refuseUnservable(route);
            long deadline = arrived + scaleUpTimeoutNanos(ctx.header("X-Scale-Up-Timeout"));
            byte[] body = readBody != null ? readBody : readBody(ctx);
            load.arrived(id);
            status = forward(ctx, id, body, arrived, deadline, target, prefix);
        } catch (GatewayException e) {
            status = e.status();
            GatewayErrors.write(ctx, e);
        } catch (Proxy.ClientGone e) {
            status = 499; // nginx's "client closed request": nobody reads an answer
        } finally {
            metrics.finished(id, status, (System.nanoTime() - arrived) / 1e9);
        }
    }

    /** How long a request to a connection waits for a waking server unless {@code X-Scale-Up-Timeout} says. */
    static final java.time.Duration REMOTE_SCALE_UP_TIMEOUT = java.time.Duration.ofSeconds(60);
    /** The first pause before asking a waking server again; it doubles up to {@link #REMOTE_MAX_PAUSE_MS}. */
    static final long REMOTE_FIRST_PAUSE_MS = 500;
    static final long REMOTE_MAX_PAUSE_MS = 10_000;
    /** How much of a 503's body is read to find its {@code estimated_time}. */
    private static final int WAKING_BODY_LIMIT = 64 * 1024;

    /**
     * Forwards a request to a server outside Hearth (a connection) at {@code remote}, with {@code remote}'s key in
     * place of the caller's token, and relays its answer as it streams, as replicas' answers are relayed. {@code label}
     * names it in errors. A remote server is not a replica that another can stand in for, so an unreachable one is a
     * 502 at once; but one that is waking (a 503 with {@code estimated_time} in its JSON body or with
     * {@code Retry-After}: a Hugging Face endpoint scaled to zero or loading) is asked again, after 0.5 s doubling up
     * to the server's own estimate and at most 10 s, until the request's {@code X-Scale-Up-Timeout} (default 60 s;
     * it is forwarded to the server too, as the time left) has passed; then a 503 in OpenAI's shape with
     * {@code Retry-After}. Only a whole 503 is tried again: nothing of it has reached the client, and an answer the
     * server started is relayed as it is.
     */
    public void relayRemote(Context ctx, EndpointId label, Backend remote, String target, byte[] body) {
        relayRemote(ctx, label, remote, target, body, true);
    }

    /**
     * As {@link #relayRemote(Context, EndpointId, Backend, String, byte[])}; with {@code openAiShape} false the router's
     * own errors are in the HF shape {@code {"error": "..."}} (the serverless Inference API's routes), else OpenAI's.
     */
    public void relayRemote(Context ctx, EndpointId label, Backend remote, String target, byte[] body, boolean openAiShape) {
        long started = System.nanoTime();
        long deadline;
        try {
            deadline = started + remoteScaleUpTimeoutNanos(ctx.header("X-Scale-Up-Timeout"));
        } catch (GatewayException e) {
            if (openAiShape) openAiError(ctx, 400, e.getMessage(), "invalid_request_error", "invalid_scale_up_timeout");
            else GatewayErrors.write(ctx, e);
            return;
        }
        try {
            BooleanSupplier clientGone = ClientConnection.gone(ctx);
            HttpRequest base = remoteProxy.request(ctx, remote, target, "", body);
            long pause = REMOTE_FIRST_PAUSE_MS;
            for (int attempt = 1; ; attempt++) {
                long left = Math.max(0, deadline - System.nanoTime());
                HttpRequest request = HttpRequest.newBuilder(base, (n, v) -> true)
                        .header("X-Scale-Up-Timeout", Long.toString(Math.max(1, (long) Math.ceil(left / 1e9)))).build();
                HttpResponse<InputStream> response;
                try {
                    response = remoteProxy.send(request, clientGone);
                } catch (Proxy.BackendUnreachable e) {
                    log.warn("connection {} unreachable: {}", label, e.getMessage());
                    throw GatewayException.remoteUnreachable(label, e.getMessage());
                }
                if (response.statusCode() != 503) {
                    byte[] whole = remoteProxy.relay(ctx, label, response);
                    if (whole != null) usage.record(label.namespace(), label.name(), whole);
                    return;
                }
                byte[] waking;
                try (InputStream in = response.body()) {
                    waking = in.readNBytes(WAKING_BODY_LIMIT);
                } catch (IOException e) {
                    throw GatewayException.remoteUnreachable(label, "its 503 answer broke off: " + e.getMessage());
                }
                OptionalDouble hint = wakingHint(response, waking);
                if (hint.isEmpty()) { // a 503 that does not say it is waking: the server's own answer, relayed
                    relayBuffered(ctx, response, waking);
                    return;
                }
                long hintMs = (long) Math.ceil(hint.getAsDouble() * 1000);
                long wait = Math.max(100, Math.min(pause, Math.min(hintMs > 0 ? hintMs : pause, REMOTE_MAX_PAUSE_MS)));
                long now = System.nanoTime();
                if (now + wait * 1_000_000L > deadline) {
                    double waited = (now - started) / 1e9;
                    long retryAfter = Math.max(1, (long) Math.ceil(hint.getAsDouble()));
                    log.info("connection {} still waking after {} tries in {} s", label, attempt, waited);
                    String message = String.format(java.util.Locale.ROOT, "The server of connection %s is starting "
                            + "and did not become ready in time: it answered 503 to %d %s over %.1f s. Retry after %d s, "
                            + "or send a longer X-Scale-Up-Timeout (seconds).", label, attempt,
                            attempt == 1 ? "try" : "tries", waited, retryAfter);
                    if (!openAiShape) throw GatewayException.remoteWaking(message, hint.getAsDouble(), retryAfter);
                    ctx.header("Retry-After", Long.toString(retryAfter));
                    openAiError(ctx, 503, message, "server_error", "connection_waking");
                    return;
                }
                pauseWatching(wait, clientGone);
                pause = Math.min(pause * 2, REMOTE_MAX_PAUSE_MS);
            }
        } catch (GatewayException e) {
            GatewayErrors.write(ctx, e);
        } catch (Proxy.ClientGone e) {
            // nobody is left to answer
        }
    }

    /** The seconds a waking server says it needs: {@code estimated_time} in its JSON body, else {@code Retry-After}. */
    static OptionalDouble wakingHint(HttpResponse<?> response, byte[] body) {
        try {
            com.fasterxml.jackson.databind.JsonNode json = dev.hearth.server.ServerJson.MAPPER.readTree(body);
            if (json != null && json.path("estimated_time").isNumber()) {
                return OptionalDouble.of(Math.max(0, json.get("estimated_time").asDouble()));
            }
        } catch (IOException notJson) {
            // fall through to the header
        }
        String retryAfter = response.headers().firstValue("retry-after").orElse("").strip();
        if (SECONDS.matcher(retryAfter).matches()) return OptionalDouble.of(Double.parseDouble(retryAfter));
        return OptionalDouble.empty();
    }

    private static void relayBuffered(Context ctx, HttpResponse<?> response, byte[] body) {
        ctx.status(response.statusCode());
        response.headers().firstValue("content-type").ifPresent(ctx::contentType);
        response.headers().firstValue("retry-after").ifPresent(v -> ctx.header("Retry-After", v));
        ctx.result(body);
    }

    private static void openAiError(Context ctx, int status, String message, String type, String code) {
        com.fasterxml.jackson.databind.node.ObjectNode json = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        com.fasterxml.jackson.databind.node.ObjectNode error = json.putObject("error");
        error.put("message", message);
        error.put("type", type);
        error.putNull("param");
        error.put("code", code);
        ctx.status(status).json(json);
    }

    /** Sleeps {@code ms}, looking every 50 ms whether the client is still there. */
    private static void pauseWatching(long ms, BooleanSupplier clientGone) {
        long until = System.nanoTime() + ms * 1_000_000L;
        try {
            while (true) {
                long left = until - System.nanoTime();
                if (left <= 0) return;
                if (clientGone.getAsBoolean()) throw new Proxy.ClientGone();
                Thread.sleep(Math.min(50, left / 1_000_000L + 1));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Proxy.ClientGone();
        }
    }

    private long remoteScaleUpTimeoutNanos(String header) {
        if (header == null || header.isBlank()) return REMOTE_SCALE_UP_TIMEOUT.toNanos();
        return scaleUpTimeoutNanos(header);
    }

    /** Leases a replica, sends, relays; one retry on another replica when the first cannot be reached. */
    private int forward(Context ctx, EndpointId id, byte[] body, long arrived, long deadline, String target, String prefix) {
        Set<Backend> unreachable = new HashSet<>();
        BooleanSupplier clientGone = ClientConnection.gone(ctx); // the body is read: its connection can be watched
        java.util.OptionalLong key = PrefixKey.of(target, body);
        while (true) {
            ColdStartWait.Acquired acquired = coldStart.acquire(id, unreachable, deadline, key);
            try (LoadTracker.Lease lease = acquired.lease()) {
                HttpResponse<InputStream> response;
                try {
                    response = send(ctx, lease.backend(), target, prefix, body, clientGone);
                } catch (Proxy.BackendUnreachable e) {
                    metrics.backendFailure(id);
                    unreachable.add(lease.backend());
                    load.markUnreachable(id, lease.backend().replicaId(), settings.unreachableCooldown());
                    log.warn("replica {} of {} unreachable: {}", lease.backend().replicaId(), id, e.getMessage());
                    if (unreachable.size() > 1) throw GatewayException.badGateway(id, e.getMessage());
                    continue;
                }
                long headers = System.nanoTime();
                metrics.firstByte(id, (headers - arrived) / 1e9);
                if (acquired.waited()) metrics.coldStartFirstByte(id, (headers - acquired.readyAt()) / 1e9);
                byte[] whole = proxy.relay(ctx, id, response);
                if (whole != null) usage.record(id.namespace(), id.name(), whole);
                return response.statusCode();
            }
        }
    }

    /**
     * Sends to one replica. A kept-alive connection the replica closed just before it was reused fails without a byte
     * of answer and without the replica being at fault, and several such connections can fail at once; so a failure
     * other than a refused connection is tried again, on the connections the client opens instead, before the replica
     * counts as unreachable.
     */
    private HttpResponse<InputStream> send(Context ctx, Backend backend, String target, String prefix, byte[] body,
                                           BooleanSupplier clientGone) throws Proxy.BackendUnreachable {
        for (int attempt = 1; ; attempt++) {
            try {
                return proxy.send(proxy.request(ctx, backend, target, prefix, body), clientGone);
            } catch (Proxy.BackendUnreachable e) {
                if (attempt == STALE_RETRIES + 1 || e.getCause() instanceof java.net.ConnectException
                        || e.getCause() instanceof java.net.http.HttpConnectTimeoutException) throw e;
                log.debug("replica {} closed a kept-alive connection ({}); trying again", backend.replicaId(), e.getMessage());
            }
        }
    }

    /** The raw (still percent-encoded) endpoint prefix and the rest of the path, {@code /} when there is none. */
    private static String[] splitPath(Context ctx) {
        String uri = ctx.req().getRequestURI();
        String contextPath = ctx.req().getContextPath();
        if (contextPath != null && !contextPath.isEmpty() && uri.startsWith(contextPath)) {
            uri = uri.substring(contextPath.length());
        }
        int afterNamespace = uri.indexOf('/', PREFIX.length());
        int afterName = afterNamespace < 0 ? -1 : uri.indexOf('/', afterNamespace + 1);
        if (afterName < 0) return new String[]{uri, "/"};
        return new String[]{uri.substring(0, afterName), uri.substring(afterName)};
    }

    private long scaleUpTimeoutNanos(String header) {
        if (header == null || header.isBlank()) return settings.scaleUpTimeout().toNanos();
        String value = header.strip();
        if (!SECONDS.matcher(value).matches()) {
            throw GatewayException.badRequest("X-Scale-Up-Timeout must be a number of seconds ≥ 0, not \""
                    + (value.length() > 40 ? value.substring(0, 40) + "…" : value) + "\"");
        }
        double seconds = Math.min(Double.parseDouble(value), settings.maxScaleUpTimeout().toMillis() / 1000.0);
        return (long) (seconds * 1e9);
    }

    private byte[] readBody(Context ctx) {
        long limit = settings.maxRequestBytes();
        if (ctx.req().getContentLengthLong() > limit) throw GatewayException.tooLarge(limit);
        try {
            byte[] body = ctx.req().getInputStream().readNBytes((int) limit + 1);
            if (body.length > limit) throw GatewayException.tooLarge(limit);
            return body;
        } catch (IOException e) {
            throw GatewayException.badRequest("the request body could not be read (" + e.getMessage() + ")");
        }
    }

    @Override
    public void close() {
        proxy.close();
        remoteProxy.close();
    }
}
