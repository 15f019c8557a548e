package dev.hearth.client;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.client.internal.Json;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What {@link InferenceEndpoints#create} sends: huggingface_hub's {@code create_inference_endpoint} parameters.
 * Start with {@link #builder(String, String)}.
 *
 * <p>Defaults fit a local Hearth: vendor {@code hearth}, region {@code local}, accelerator and instance type
 * {@code cpu}, size {@code x1}, framework {@code pytorch}, one replica, Hearth's own worker image, and type
 * {@code protected} (a token for the endpoint's namespace is needed; huggingface_hub ≥ 1.20 defaults to the looser
 * {@code authenticated}).
 *
 * @param customImage        {@code null} for Hearth's worker; see {@link Builder#customImage(Map)}
 * @param scaleToZeroTimeout idle minutes before scaling to zero (needs {@code minReplica = 0}), or {@code null}
 * @param namespace          {@code null} for the client's namespace
 * @param schedule           Hearth's scaling windows ({@link ScalingWindow}); empty for none
 * @param timezone           the zone the schedule's cron expressions are read in; {@code null} for UTC
 */
public record CreateEndpointRequest(
        String name,
        String repository,
        String framework,
        String task,
        String accelerator,
        String vendor,
        String region,
        String type,
        String instanceSize,
        String instanceType,
        Map<String, Object> customImage,
        int minReplica,
        int maxReplica,
        Integer scaleToZeroTimeout,
        String revision,
        Map<String, String> env,
        Map<String, String> secrets,
        String namespace,
        List<ScalingWindow> schedule,
        String timezone) {

    public CreateEndpointRequest {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(repository, "repository");
        customImage = customImage == null ? null : Map.copyOf(customImage);
        env = env == null ? Map.of() : Map.copyOf(env);
        secrets = secrets == null ? Map.of() : Map.copyOf(secrets);
        schedule = schedule == null ? List.of() : List.copyOf(schedule);
    }

    public static Builder builder(String name, String repository) {
        return new Builder(name, repository);
    }

    /** The create payload, shaped as endpoints-api.md §3 (nulls sent literally where the Python client sends them). */
    ObjectNode payload() {
        ObjectNode root = Json.PLAIN.createObjectNode();
        root.putNull("accountId");
        ObjectNode compute = root.putObject("compute");
        compute.put("accelerator", accelerator).put("instanceSize", instanceSize).put("instanceType", instanceType);
        ObjectNode scaling = compute.putObject("scaling").put("maxReplica", maxReplica).put("minReplica", minReplica);
        if (scaleToZeroTimeout == null) scaling.putNull("scaleToZeroTimeout");
        else scaling.put("scaleToZeroTimeout", scaleToZeroTimeout);
        if (!schedule.isEmpty()) scaling.set("schedule", ScalingWindows.payload(schedule));
        if (timezone != null) scaling.put("timezone", timezone);
        ObjectNode model = root.putObject("model");
        model.put("framework", framework).put("repository", repository).put("revision", revision);
        if (task != null) model.put("task", task);
        if (customImage == null) model.putObject("image").putObject("huggingface");
        else model.set("image", CustomImages.imagePayload(customImage));
        if (!env.isEmpty()) model.set("env", Json.PLAIN.valueToTree(env));
        if (!secrets.isEmpty()) model.set("secrets", Json.PLAIN.valueToTree(secrets));
        root.put("name", name);
        root.putObject("provider").put("region", region).put("vendor", vendor);
        root.put("type", type);
        return root;
    }

    /** A fluent builder; every setter returns {@code this}. */
    public static final class Builder {
        private final String name;
        private final String repository;
        private String framework = "pytorch";
        private String task = "text-generation";
        private String accelerator = "cpu";
        private String vendor = "hearth";
        private String region = "local";
        private String type = "protected";
        private String instanceSize = "x1";
        private String instanceType = "cpu";
        private Map<String, Object> customImage;
        private int minReplica = 1;
        private int maxReplica = 1;
        private Integer scaleToZeroTimeout;
        private String revision;
        private Map<String, String> env = Map.of();
        private Map<String, String> secrets = Map.of();
        private String namespace;
        private List<ScalingWindow> schedule = List.of();
        private String timezone;

        private Builder(String name, String repository) {
            this.name = name;
            this.repository = repository;
        }

        public Builder framework(String v) { framework = v; return this; }
        /** The task, {@code text-generation} by default; {@code null} lets the server infer it. */
        public Builder task(String v) { task = v; return this; }
        public Builder accelerator(String v) { accelerator = v; return this; }
        public Builder vendor(String v) { vendor = v; return this; }
        public Builder region(String v) { region = v; return this; }
        /** {@code public}, {@code protected}, {@code authenticated} or {@code private}. */
        public Builder type(String v) { type = v; return this; }
        public Builder instanceSize(String v) { instanceSize = v; return this; }
        public Builder instanceType(String v) { instanceType = v; return this; }
        /**
         * {@code model.image}: a map with {@code url} is a custom container ({@code url}, {@code healthRoute},
         * {@code env}, ...); a one-key map names an image variant, e.g. {@code Map.of("tgi", Map.of())}.
         */
        public Builder customImage(Map<String, Object> v) { customImage = v; return this; }
        /** A custom container; on Hearth {@code url} is a shell command that serves on {@code $PORT}. */
        public Builder customImage(String url, String healthRoute, Map<String, String> env) {
            customImage = CustomImages.container(url, healthRoute, env);
            return this;
        }
        public Builder minReplica(int v) { minReplica = v; return this; }
        public Builder maxReplica(int v) { maxReplica = v; return this; }
        /** Idle minutes before scaling to zero; needs {@code minReplica(0)}. */
        public Builder scaleToZeroTimeout(Integer minutes) { scaleToZeroTimeout = minutes; return this; }
        public Builder revision(String v) { revision = v; return this; }
        public Builder env(Map<String, String> v) { env = v; return this; }
        public Builder secrets(Map<String, String> v) { secrets = v; return this; }
        public Builder namespace(String v) { namespace = v; return this; }
        /** Scaling windows (Hearth's extension; docs/schedules.md), e.g. {@code 0 8 * * MON-FRI} → 1, {@code 0 19 * * MON-FRI} → 0. */
        public Builder schedule(List<ScalingWindow> v) { schedule = v; return this; }
        /** The IANA zone the schedule is read in, e.g. {@code Europe/Copenhagen}; UTC when unset. */
        public Builder timezone(String v) { timezone = v; return this; }

        public CreateEndpointRequest build() {
            return new CreateEndpointRequest(name, repository, framework, task, accelerator, vendor, region, type,
                    instanceSize, instanceType, customImage, minReplica, maxReplica, scaleToZeroTimeout, revision, env,
                    secrets, namespace, schedule, timezone);
        }
    }
}
