package dev.hearth.server.gateway;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.server.ServerJson;
import dev.hearth.server.endpoint.EndpointId;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Requests the control plane makes itself (the batch runner's lines), served like a client's but with no client
 * connection: the same route, the same refusal of paused and failed endpoints, the same waking and holding in the
 * cold-start buffer, the same per-replica capacity and load accounting (so the autoscaler sees batch load), the
 * replica's own key. The answer is read whole. No caller token is involved: the caller was checked when its batch
 * was accepted.
 *
 * <p>{@link #waiting(EndpointId)} counts this class's own requests in an endpoint's cold-start buffer, so that a
 * scheduler can tell how many of the gateway's waiting requests are interactive ({@link LoadTracker#waiting} less these).
 */
public final class InProcessCalls {

    /**
     * An answer: its status and whole body (JSON); gateway refusals are in OpenAI's error shape. {@code retryable}:
     * nothing was served and trying later may be (no replica became ready in time, a replica was full or could not be
     * reached), as opposed to an answer of the model's server or a refusal that will stand (paused, failed, unknown).
     */
    public record Answer(int status, byte[] body, boolean retryable) {
        public boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    /** The largest answer kept; a longer one is a 502 (batch lines are single completions, never this long). */
    static final int MAX_ANSWER = 16 * 1024 * 1024;

    private final RoutingTable table;
    private final LoadTracker load;
    private final ColdStartWait coldStart;
    private final Proxy proxy;
    private final Proxy remoteProxy;
    private final GatewayMetrics metrics;
    private final Usage usage;
    private final Map<EndpointId, AtomicInteger> waiting = new ConcurrentHashMap<>();

    InProcessCalls(RoutingTable table, LoadTracker load, ColdStartWait coldStart, Proxy proxy, Proxy remoteProxy,
                   GatewayMetrics metrics, Usage usage) {
        this.table = table;
        this.load = load;
        this.coldStart = coldStart;
        this.proxy = proxy;
        this.remoteProxy = remoteProxy;
        this.metrics = metrics;
        this.usage = usage;
    }

    /** This class's requests now waiting in {@code id}'s cold-start buffer or for room on a replica. */
    public int waiting(EndpointId id) {
        AtomicInteger n = waiting.get(id);
        return n == null ? 0 : n.get();
    }

    /**
     * POSTs {@code body} to {@code target} on a replica of managed endpoint {@code id}, waking it and waiting for a
     * ready replica with room until {@code deadline} ({@link System#nanoTime()}).
     */
    public Answer endpoint(EndpointId id, String target, byte[] body, long deadline) {
        long arrived = System.nanoTime();
        Route route = table.route(id).orElse(null);
        if (route == null) return refusal(GatewayException.notFound(id));
        int status = 500;
        try {
            ColdStartWait.refuseUnservable(route);
            load.arrived(id);
            Set<Backend> unreachable = new HashSet<>();
            while (true) {
                ColdStartWait.Acquired acquired;
                AtomicInteger mine = waiting.computeIfAbsent(id, k -> new AtomicInteger());
                mine.incrementAndGet();
                try {
                    acquired = coldStart.acquire(id, unreachable, deadline);
                } finally {
                    mine.decrementAndGet();
                }
                try (LoadTracker.Lease lease = acquired.lease()) {
                    HttpResponse<InputStream> response;
                    try {
                        response = proxy.send(proxy.request(lease.backend(), target, body), () -> false);
                    } catch (Proxy.BackendUnreachable e) {
                        metrics.backendFailure(id);
                        unreachable.add(lease.backend());
                        if (unreachable.size() > 1) {
                            status = 502;
                            return retry(GatewayException.badGateway(id, e.getMessage()));
                        }
                        continue;
                    }
                    Answer answer = read(id, response);
                    status = answer.status();
                    if (answer.status() == 200) usage.record(id.namespace(), id.name(), answer.body());
                    return answer;
                }
            }
        } catch (GatewayException e) {
            status = e.status();
            return e.estimatedTime().isPresent() ? retry(e) : refusal(e);
        } finally {
            metrics.finished(id, status, (System.nanoTime() - arrived) / 1e9);
        }
    }

    /** POSTs {@code body} to {@code target} of a server outside Hearth (a connection), with {@code remote}'s key. */
    public Answer remote(EndpointId label, URI base, String apiKey, String target, byte[] body) {
        Backend backend = new Backend("connection:" + label.namespace() + "/" + label.name(), base, apiKey);
        try {
            HttpResponse<InputStream> response = remoteProxy.send(remoteProxy.request(backend, target, body), () -> false);
            Answer answer = read(label, response);
            if (answer.status() == 200) usage.record(label.namespace(), label.name(), answer.body());
            return answer;
        } catch (Proxy.BackendUnreachable e) {
            return retry(GatewayException.remoteUnreachable(label, e.getMessage()));
        } catch (GatewayException e) {
            return refusal(e);
        }
    }

    private static Answer read(EndpointId id, HttpResponse<InputStream> response) {
        try (InputStream in = response.body()) {
            byte[] whole = in.readNBytes(MAX_ANSWER + 1);
            if (whole.length > MAX_ANSWER) throw GatewayException.badGateway(id, "the answer exceeds " + MAX_ANSWER + " bytes");
            return new Answer(response.statusCode(), whole, response.statusCode() == 429);
        } catch (IOException e) {
            throw GatewayException.brokeOff(id);
        }
    }

    private static Answer retry(GatewayException e) {
        Answer a = refusal(e);
        return new Answer(a.status(), a.body(), true);
    }

    /** A gateway refusal as an answer in OpenAI's error shape. */
    static Answer refusal(GatewayException e) {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        ObjectNode error = json.putObject("error");
        error.put("message", e.getMessage());
        error.put("type", e.status() >= 500 ? "server_error" : "invalid_request_error");
        error.putNull("param");
        error.put("code", e.errorType());
        try {
            return new Answer(e.status(), ServerJson.MAPPER.writeValueAsBytes(json), false);
        } catch (IOException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
