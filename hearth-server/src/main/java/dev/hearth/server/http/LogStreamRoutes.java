package dev.hearth.server.http;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.server.endpoint.EndpointId;
import dev.hearth.server.endpoint.EndpointService;
import dev.hearth.server.reconcile.EndpointLogs;
import dev.hearth.server.reconcile.ReplicaLog;
import io.javalin.config.RoutesConfig;
import io.javalin.http.sse.SseClient;
import io.javalin.http.sse.SseHandler;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * {@code GET /v2/endpoint/{ns}/{name}/logs/stream}: server-sent events of the endpoint's replica logs, each from its
 * first line, then the lines written since, authorized like {@code GET .../logs} (token or session; 404 for an
 * unknown endpoint). Events:
 * <ul>
 *   <li>{@code replica} {@code {"replica","label"}}: a replica whose log follows (again when its label changes);</li>
 *   <li>{@code log} {@code {"replica","text"}}: whole lines of that replica's log, in order;</li>
 *   <li>{@code deleted} {@code {"namespace","name"}}: the endpoint is gone; the stream ends.</li>
 * </ul>
 * Every {@link #POLL} the stream asks {@link EndpointLogs} for the endpoint's replicas (the leader's reconciler, or
 * a follower's store records) and reads what each log gained; it holds one chunk at a time, and ends when its
 * client goes (found by the next write: a comment every {@link EventRoutes#PING} when nothing is written).
 */
public final class LogStreamRoutes {

    static final Duration POLL = Duration.ofMillis(500);

    private final EndpointService endpoints;
    private final EndpointLogs logs;
    private final ControlAuth auth;

    public LogStreamRoutes(EndpointService endpoints, EndpointLogs logs, ControlAuth auth) {
        this.endpoints = endpoints;
        this.logs = logs;
        this.auth = auth;
    }

    public void register(RoutesConfig routes) {
        routes.get("/v2/endpoint/{namespace}/{name}/logs/stream", ctx -> {
            String ns = ctx.pathParam("namespace");
            auth.require(ctx, ns);
            EndpointId id = new EndpointId(ns, ctx.pathParam("name"));
            String incarnation = endpoints.get(id).incarnation();
            String accept = ctx.header("Accept");
            if (accept == null || !accept.contains("text/event-stream")) {
                throw new ControlApiException(406, "GET .../logs/stream is a stream of server-sent events: send 'Accept: text/event-stream'");
            }
            new SseHandler(client -> stream(client, id, incarnation)).handle(ctx);
        });
    }

    private void stream(SseClient client, EndpointId id, String incarnation) {
        LogFollow follow = new LogFollow();
        long sinceWrite = System.nanoTime();
        try {
            client.sendComment("connected");
            while (!client.terminated()) {
                if (!stillThere(id, incarnation)) {
                    client.sendEvent("deleted", json("namespace", id.namespace(), "name", id.name()));
                    return;
                }
                boolean wrote = sendNew(client, follow, logs.replicaLogs(id));
                if (wrote) {
                    sinceWrite = System.nanoTime();
                } else if (System.nanoTime() - sinceWrite > EventRoutes.PING.toNanos()) {
                    client.sendComment("ping");
                    sinceWrite = System.nanoTime();
                }
                Thread.sleep(POLL);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            client.close();
        }
    }

    /** Announces new replicas and sends what each log gained, chunk by chunk; whether anything was sent. */
    private static boolean sendNew(SseClient client, LogFollow follow, List<ReplicaLog> replicas) {
        boolean wrote = false;
        for (ReplicaLog r : replicas) {
            if (follow.announce(r)) {
                client.sendEvent("replica", json("replica", r.replicaId(), "label", r.label()));
                wrote = true;
            }
        }
        for (ReplicaLog r : replicas) {
            Optional<String> text;
            while (!client.terminated() && (text = follow.next(r)).isPresent()) {
                client.sendEvent("log", json("replica", r.replicaId(), "text", text.get()));
                wrote = true;
            }
        }
        return wrote;
    }

    /** A deleted endpoint ends the stream, and so does one deleted and created again (another incarnation). */
    private boolean stillThere(EndpointId id, String incarnation) {
        try {
            return endpoints.get(id).incarnation().equals(incarnation);
        } catch (EndpointService.NotFound e) {
            return false;
        }
    }

    private static String json(String k1, String v1, String k2, String v2) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put(k1, v1);
        o.put(k2, v2);
        return o.toString();
    }
}
