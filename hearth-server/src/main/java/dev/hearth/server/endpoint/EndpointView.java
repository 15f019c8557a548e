package dev.hearth.server.endpoint;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * An endpoint as the API answers it: every key clients index strictly is always present (endpoints-api.md §6),
 * timestamps are {@code YYYY-MM-DDTHH:MM:SS.mmmZ}, and secrets are redacted.
 */
public final class EndpointView {

    static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private EndpointView() {}

    public static String timestamp(Instant t) {
        return TIMESTAMP.format(t);
    }

    /** @param url the endpoint's URL, or null when it has none (paused, not yet deployed, failed) */
    public static ObjectNode render(Endpoint e, String url) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        EndpointSpec s = e.spec();
        ObjectNode o = f.objectNode();
        o.put("name", e.id().name());
        o.put("type", s.type());
        o.put("accountId", s.accountId());
        ObjectNode provider = o.putObject("provider");
        provider.put("vendor", s.provider().vendor());
        provider.put("region", s.provider().region());
        o.put("healthRoute", s.healthRoute());
        ObjectNode compute = o.putObject("compute");
        compute.put("accelerator", s.compute().accelerator());
        compute.put("instanceType", s.compute().instanceType());
        compute.put("instanceSize", s.compute().instanceSize());
        ObjectNode scaling = compute.putObject("scaling");
        scaling.put("minReplica", s.compute().scaling().minReplica());
        scaling.put("maxReplica", s.compute().scaling().maxReplica());
        scaling.put("scaleToZeroTimeout", s.compute().scaling().scaleToZeroTimeout());
        if (s.compute().scaling().measure() != null) scaling.set("measure", s.compute().scaling().measure());
        // Hearth's extension (docs/schedules.md): present only when set, so the Hub's shape is unchanged otherwise.
        if (s.compute().scaling().schedule() != null) {
            var schedule = scaling.putArray("schedule");
            s.compute().scaling().schedule().forEach(w -> schedule.addObject().put("cron", w.cron()).put("minReplica", w.minReplica()));
        }
        if (s.compute().scaling().timezone() != null) scaling.put("timezone", s.compute().scaling().timezone());
        ObjectNode model = o.putObject("model");
        model.put("repository", s.model().repository());
        model.put("revision", s.model().revision());
        // Clients need the key; a create without a task is served by what the model is, text generation by default.
        model.put("task", s.model().task() == null ? "text-generation" : s.model().task());
        model.put("framework", s.model().framework());
        model.set("image", redactedImage(s.model().image()));
        ObjectNode env = model.putObject("env");
        s.model().env().forEach(env::put);
        ObjectNode secrets = model.putObject("secrets");
        s.model().secrets().keySet().forEach(k -> secrets.put(k, "********"));
        if (s.model().command() != null) s.model().command().forEach(model.putArray("command")::add);
        if (s.model().args() != null) s.model().args().forEach(model.putArray("args")::add);
        if (s.route() != null) {
            ObjectNode route = o.putObject("route");
            route.put("domain", s.route().domain());
            route.put("path", s.route().path());
        }
        if (s.cacheHttpResponses() != null) o.put("cacheHttpResponses", s.cacheHttpResponses());
        if (s.tags() != null) s.tags().forEach(o.putArray("tags")::add);
        ObjectNode status = o.putObject("status");
        status.put("createdAt", timestamp(e.createdAt()));
        status.putObject("createdBy").put("id", e.createdBy()).put("name", e.createdBy());
        status.put("updatedAt", timestamp(e.updatedAt()));
        status.putObject("updatedBy").put("id", e.createdBy()).put("name", e.createdBy());
        status.putNull("private");
        status.put("state", e.status().state().wire());
        status.put("message", e.status().message());
        status.put("url", url);
        status.put("readyReplica", e.status().readyReplicas());
        status.put("targetReplica", e.status().targetReplicas());
        return o;
    }

    private static ObjectNode redactedImage(ObjectNode image) {
        ObjectNode copy = image.deepCopy();
        if (copy.get("custom") instanceof ObjectNode custom && custom.has("credentials")) {
            custom.putObject("credentials").put("username", "********").put("password", "********");
        }
        return copy;
    }
}
