package dev.hearth.server.endpoint;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Map;

/**
 * The desired configuration of an endpoint, as the Inference Endpoints API describes it (endpoints-api.md §3).
 * Every field that clients send is kept, so that responses echo exactly what was configured.
 *
 * @param type      {@code public}, {@code protected}, {@code authenticated} or {@code private}
 * @param accountId PrivateLink account, kept and echoed; null when unset
 */
public record EndpointSpec(
        String type,
        String accountId,
        Provider provider,
        Compute compute,
        Model model,
        Route route,
        Boolean cacheHttpResponses,
        List<String> tags) {

    public EndpointSpec {
        tags = tags == null ? null : List.copyOf(tags);
    }

    public record Provider(String vendor, String region) {}

    public record Compute(String accelerator, String instanceType, String instanceSize, Scaling scaling) {}

    /**
     * @param scaleToZeroTimeout idle minutes before an endpoint with {@code minReplica = 0} scales to zero; null for
     *                           the installation's default
     * @param measure            the autoscaling metric and threshold as sent ({@code {"pendingRequests": 1.5}}); null
     *                           for the default
     */
    public record Scaling(int minReplica, int maxReplica, Integer scaleToZeroTimeout, ObjectNode measure,
                          List<ScheduleEntry> schedule, String timezone) {

        /**
         * @param schedule Hearth's scaling windows (docs/schedules.md), a documented extension that huggingface_hub
         *                 ignores; null when the endpoint has none (an empty list is stored as none)
         * @param timezone the zone the schedule's cron expressions are read in; null for UTC
         */
        public Scaling {
            schedule = schedule == null || schedule.isEmpty() ? null : List.copyOf(schedule);
        }

        /** Without a schedule: what the Inference Endpoints API itself knows. */
        public Scaling(int minReplica, int maxReplica, Integer scaleToZeroTimeout, ObjectNode measure) {
            this(minReplica, maxReplica, scaleToZeroTimeout, measure, null, null);
        }

        /** This scaling with {@code minReplica} replaced: what a scaling window makes the floor. */
        public Scaling withMinReplica(int floor) {
            return new Scaling(floor, maxReplica, scaleToZeroTimeout, measure, schedule, timezone);
        }
    }

    /**
     * One scaling window's start: from each instant the UNIX cron expression {@code cron} names (in the scaling's
     * timezone) until the next entry fires, the endpoint keeps at least {@code minReplica} replicas.
     */
    public record ScheduleEntry(String cron, int minReplica) {}

    /**
     * @param image a one-key object naming the image variant: {@code {"huggingface":{}}} (Hearth's built-in worker)
     *              or {@code {"custom":{"url":..., "healthRoute":..., "env":{...}}}} (a command to run instead)
     */
    public record Model(
            String repository,
            String framework,
            String revision,
            String task,
            ObjectNode image,
            Map<String, String> env,
            Map<String, String> secrets,
            List<String> command,
            List<String> args) {

        public Model {
            env = env == null ? Map.of() : Map.copyOf(env);
            secrets = secrets == null ? Map.of() : Map.copyOf(secrets);
            command = command == null ? null : List.copyOf(command);
            args = args == null ? null : List.copyOf(args);
        }

        /** The custom image block, or null for the built-in worker. */
        public ObjectNode customImage() {
            return image != null && image.get("custom") instanceof ObjectNode custom ? custom : null;
        }
    }

    public record Route(String domain, String path) {}

    /** This spec with every {@code model.secrets} value passed through {@code f} (sealing or opening them at rest). */
    public EndpointSpec mapSecrets(java.util.function.UnaryOperator<String> f) {
        if (model == null || model.secrets().isEmpty()) return this;
        Map<String, String> secrets = new java.util.LinkedHashMap<>();
        model.secrets().forEach((k, v) -> secrets.put(k, v == null ? null : f.apply(v)));
        Model m = new Model(model.repository(), model.framework(), model.revision(), model.task(), model.image(),
                model.env(), secrets, model.command(), model.args());
        return new EndpointSpec(type, accountId, provider, compute, m, route, cacheHttpResponses, tags);
    }

    /** The route the data plane's readiness is checked on: the custom image's, else the worker's {@code /health}. */
    public String healthRoute() {
        ObjectNode custom = model.customImage();
        if (custom != null) {
            String route = custom.path("healthRoute").asText(custom.path("health_route").asText(""));
            if (!route.isBlank()) return route.startsWith("/") ? route : "/" + route;
        }
        return "/health";
    }
}
