package dev.hearth.server.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.server.endpoint.EndpointId;
import dev.hearth.server.endpoint.EndpointService;
import dev.hearth.server.gateway.MetricsHistory;
import dev.hearth.server.gateway.MetricsSampler;
import io.javalin.config.RoutesConfig;

/**
 * {@code GET /v2/endpoint/{ns}/{name}/metrics}: the endpoint's recent time series (oldest first, one point per
 * {@link MetricsSampler#STEP}), authorised as the endpoint itself: requests by status class, latency p50/p95 in
 * seconds, generated tokens per second, ready replicas, cold starts and the longest one's duration.
 */
public final class MetricsRoutes {

    private final EndpointService endpoints;
    private final MetricsHistory history;
    private final ControlAuth auth;

    public MetricsRoutes(EndpointService endpoints, MetricsHistory history, ControlAuth auth) {
        this.endpoints = endpoints;
        this.history = history;
        this.auth = auth;
    }

    public void register(RoutesConfig routes) {
        routes.get("/v2/endpoint/{namespace}/{name}/metrics", ctx -> {
            String ns = ctx.pathParam("namespace");
            auth.require(ctx, ns);
            EndpointId id = new EndpointId(ns, ctx.pathParam("name"));
            endpoints.get(id); // 404 for an unknown endpoint
            ObjectNode o = JsonNodeFactory.instance.objectNode();
            o.put("stepSeconds", MetricsSampler.STEP.toSeconds());
            ArrayNode points = o.putArray("points");
            for (MetricsHistory.Point p : history.points(id)) {
                ObjectNode n = points.addObject();
                n.put("time", p.time());
                n.put("requests2xx", p.ok());
                n.put("requests4xx", p.clientErrors());
                n.put("requests5xx", p.serverErrors());
                n.put("latencyP50", p.p50());
                n.put("latencyP95", p.p95());
                n.put("tokensPerSecond", p.tokensPerSecond());
                n.put("replicas", p.replicas());
                n.put("coldStarts", p.coldStarts());
                n.put("coldStartSeconds", p.coldStartSeconds());
            }
            ctx.json(o);
        });
    }
}
