package dev.hearth.server.http;

import dev.hearth.server.ServerJson;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.server.auth.Principal;
import dev.hearth.server.endpoint.Desired;
import dev.hearth.server.endpoint.Endpoint;
import dev.hearth.server.endpoint.EndpointId;
import dev.hearth.server.endpoint.EndpointService;
import dev.hearth.server.endpoint.EndpointState;
import dev.hearth.server.endpoint.EndpointView;
import dev.hearth.server.endpoint.Hardware;
import dev.hearth.server.reconcile.EndpointLogs;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

import dev.hearth.server.autoscale.Autoscaler;
import dev.hearth.server.autoscale.LoadView;
import dev.hearth.server.autoscale.ScalingSchedule;
import dev.hearth.server.endpoint.EndpointSpec;
import dev.hearth.server.store.ColdStartRepository;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/** The Inference Endpoints API under {@code /v2}, plus {@code /api/whoami-v2} for clients' default namespace. */
public final class ControlRoutes {

    private static final ObjectMapper JSON = ServerJson.MAPPER;
    /** States in which the endpoint has no URL (endpoints-api.md §6). */
    private static final Set<EndpointState> NO_URL = Set.of(EndpointState.PENDING, EndpointState.PAUSED, EndpointState.FAILED);

    private final EndpointService endpoints;
    private final EndpointLogs reconciler;
    private final Hardware hardware;
    private final ControlAuth auth;
    private final PublicUrl publicUrl;
    private final LoadView load;
    private final Autoscaler autoscaler;
    private final ColdStartRepository coldStarts;
    private final Clock clock;

    /**
     * @param publicUrl  base URL clients reach this server at, e.g. {@code http://localhost:8080}
     * @param load       the gateway's last activity per endpoint, and the autoscaler that turns it into a scale-to-zero time
     * @param coldStarts each endpoint's measured cold start, and the clock, for what its scaling schedule sets now
     */
    public ControlRoutes(EndpointService endpoints, EndpointLogs reconciler, Hardware hardware, ControlAuth auth, PublicUrl publicUrl,
                         LoadView load, Autoscaler autoscaler, ColdStartRepository coldStarts, Clock clock) {
        this.coldStarts = coldStarts;
        this.clock = clock;
        this.load = load;
        this.autoscaler = autoscaler;
        this.endpoints = endpoints;
        this.reconciler = reconciler;
        this.hardware = hardware;
        this.auth = auth;
        this.publicUrl = publicUrl;
    }

    public void register(RoutesConfig routes) {
        routes.get("/api/whoami-v2", ctx -> {
            Principal p = auth.principal(ctx);
            ObjectNode o = JsonNodeFactory.instance.objectNode();
            o.put("type", "user");
            o.put("name", p.namespace());
            o.put("isAdmin", p.admin());
            o.putArray("orgs");
            ctx.json(o);
        });
        routes.get("/v2/provider/{namespace}", ctx -> {
            auth.require(ctx, ctx.pathParam("namespace"));
            ctx.json(hardware.toJson());
        });
        routes.post("/v2/endpoint/{namespace}", ctx -> {
            String ns = ctx.pathParam("namespace");
            Principal p = auth.require(ctx, ns);
            Endpoint e = endpoints.create(p, ns, body(ctx));
            ctx.status(202).json(view(e));
        });
        routes.get("/v2/endpoint/{namespace}", ctx -> {
            String ns = ctx.pathParam("namespace");
            auth.require(ctx, ns);
            ArrayNode items = JsonNodeFactory.instance.arrayNode();
            endpoints.list(ns).forEach(e -> items.add(view(e)));
            ObjectNode o = JsonNodeFactory.instance.objectNode();
            o.set("items", items);
            ctx.json(o);
        });
        routes.get("/v2/endpoint/{namespace}/{name}", ctx -> ctx.json(view(endpoints.get(id(ctx)))));
        routes.put("/v2/endpoint/{namespace}/{name}", ctx -> {
            String ns = ctx.pathParam("namespace");
            Principal p = auth.require(ctx, ns);
            ctx.json(view(endpoints.update(p, new EndpointId(ns, ctx.pathParam("name")), body(ctx))));
        });
        routes.delete("/v2/endpoint/{namespace}/{name}", ctx -> ctx.json(view(endpoints.delete(id(ctx)))));
        routes.post("/v2/endpoint/{namespace}/{name}/pause", ctx -> ctx.json(view(endpoints.pause(id(ctx)))));
        routes.post("/v2/endpoint/{namespace}/{name}/resume", ctx -> ctx.json(view(endpoints.resume(id(ctx)))));
        routes.post("/v2/endpoint/{namespace}/{name}/scale-to-zero", ctx -> ctx.json(view(endpoints.scaleToZero(id(ctx)))));
        routes.get("/v2/endpoint/{namespace}/{name}/logs", ctx -> {
            EndpointId id = id(ctx);
            endpoints.get(id);
            int lines = tail(ctx.queryParam("tail"));
            ctx.contentType("text/plain; charset=utf-8").result(reconciler.logs(id, lines));
        });
    }

    /** {@code ?tail=N}: 1 to 10,000 lines, 200 when absent. The message never echoes the value (it may be huge). */
    static int tail(String raw) {
        if (raw == null) return 200;
        if (!raw.matches("[0-9]{1,5}") || Integer.parseInt(raw) < 1 || Integer.parseInt(raw) > 10_000) {
            throw ControlApiException.badRequest("tail must be a whole number from 1 to 10000");
        }
        return Integer.parseInt(raw);
    }

    /** Authorises access to the addressed namespace and returns the endpoint id. */
    private EndpointId id(Context ctx) {
        String ns = ctx.pathParam("namespace");
        auth.require(ctx, ns);
        return new EndpointId(ns, ctx.pathParam("name"));
    }

    public ObjectNode view(Endpoint e) {
        boolean noUrl = e.desired() == Desired.PAUSED || NO_URL.contains(e.status().state())
                || (e.status().state() == EndpointState.INITIALIZING && e.servingVersion() == 0);
        String url = noUrl ? null : publicUrl.get() + "/endpoints/" + e.id().namespace() + "/" + e.id().name();
        ObjectNode o = EndpointView.render(e, url);
        // Hearth's own keys, beside the Hub's: when a request last reached the endpoint and, for a scale-to-zero
        // endpoint that serves, when it will be scaled to zero if none comes (the dashboard's idle countdown).
        ObjectNode status = (ObjectNode) o.get("status");
        Instant last = load.lastActivity(e.id());
        status.put("lastActivityAt", last == null ? null : EndpointView.timestamp(last));
        boolean serving = e.desired() == Desired.ACTIVE && e.status().state() == EndpointState.RUNNING;
        EndpointSpec.Scaling scaling = scheduled(e, status);
        status.put("scaleToZeroAt", serving ? autoscaler.scaleToZeroAt(scaling, last)
                .map(EndpointView::timestamp).orElse(null) : null);
        return o;
    }

    /**
     * Adds what the scaling schedule (docs/schedules.md) works from and sets: the measured cold start it pre-warms by
     * ({@code coldStartSeconds}, null before the first replica was ready), and with a schedule the floor it sets now
     * ({@code scheduledMinReplica}) and the next instant that may change ({@code scheduleNextChangeAt}). Returns the
     * scaling in effect now.
     */
    private EndpointSpec.Scaling scheduled(Endpoint e, ObjectNode status) {
        Optional<Duration> measured = coldStarts.find(e.id(), e.incarnation());
        status.put("coldStartSeconds", measured.map(d -> d.toMillis() / 1000.0).orElse(null));
        EndpointSpec.Scaling scaling = e.spec().compute().scaling();
        Optional<ScalingSchedule> schedule;
        try {
            schedule = ScalingSchedule.of(scaling);
        } catch (IllegalArgumentException storedButUnreadable) {
            // Checked when written; should a stored one no longer parse, the view still answers (the reconciler logs it).
            return scaling;
        }
        if (schedule.isEmpty()) return scaling;
        Instant now = clock.instant();
        Duration lead = measured.orElse(ScalingSchedule.DEFAULT_COLD_START);
        EndpointSpec.Scaling effective = schedule.get().apply(scaling, now, lead);
        status.put("scheduledMinReplica", effective.minReplica());
        status.put("scheduleNextChangeAt", schedule.get().nextChange(now, lead).map(EndpointView::timestamp).orElse(null));
        return effective;
    }

    private static JsonNode body(Context ctx) {
        byte[] bytes = ctx.bodyAsBytes();
        if (bytes.length == 0) throw ControlApiException.badRequest("a JSON body is required");
        try {
            return JSON.readTree(bytes);
        } catch (IOException e) {
            throw ControlApiException.badRequest("the body is not valid JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
    }
}
