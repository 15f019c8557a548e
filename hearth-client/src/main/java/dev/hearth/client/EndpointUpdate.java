package dev.hearth.client;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.client.internal.Json;

import java.util.List;
import java.util.Map;

/**
 * A sparse update, as huggingface_hub ≥ 0.25 sends it: only what is set goes out, at the same paths as on create;
 * everything else stays as it is. {@code env} and {@code secrets} replace the current maps wholesale, as
 * {@code schedule} replaces the scaling windows (an empty list clears them). Start with {@link #builder()}.
 */
public record EndpointUpdate(
        String accelerator,
        String instanceSize,
        String instanceType,
        Integer minReplica,
        Integer maxReplica,
        Integer scaleToZeroTimeout,
        String repository,
        String framework,
        String revision,
        String task,
        Map<String, Object> customImage,
        Map<String, String> env,
        Map<String, String> secrets,
        List<ScalingWindow> schedule,
        String timezone) {

    public EndpointUpdate {
        schedule = schedule == null ? null : List.copyOf(schedule);
        customImage = customImage == null ? null : Map.copyOf(customImage);
        env = env == null ? null : Map.copyOf(env);
        secrets = secrets == null ? null : Map.copyOf(secrets);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** True when nothing would change. */
    public boolean isEmpty() {
        return payload().isEmpty();
    }

    /** The nested patch, e.g. {@code {"compute":{"scaling":{"maxReplica":6,"minReplica":2}}}}. */
    ObjectNode payload() {
        ObjectNode root = Json.PLAIN.createObjectNode();
        ObjectNode compute = Json.PLAIN.createObjectNode();
        if (accelerator != null) compute.put("accelerator", accelerator);
        if (instanceSize != null) compute.put("instanceSize", instanceSize);
        if (instanceType != null) compute.put("instanceType", instanceType);
        ObjectNode scaling = Json.PLAIN.createObjectNode();
        if (maxReplica != null) scaling.put("maxReplica", maxReplica);
        if (minReplica != null) scaling.put("minReplica", minReplica);
        if (scaleToZeroTimeout != null) scaling.put("scaleToZeroTimeout", scaleToZeroTimeout);
        if (schedule != null) scaling.set("schedule", ScalingWindows.payload(schedule));
        if (timezone != null) scaling.put("timezone", timezone);
        if (!scaling.isEmpty()) compute.set("scaling", scaling);
        if (!compute.isEmpty()) root.set("compute", compute);
        ObjectNode model = Json.PLAIN.createObjectNode();
        if (repository != null) model.put("repository", repository);
        if (framework != null) model.put("framework", framework);
        if (revision != null) model.put("revision", revision);
        if (task != null) model.put("task", task);
        if (customImage != null) model.set("image", CustomImages.imagePayload(customImage));
        if (env != null) model.set("env", Json.PLAIN.valueToTree(env));
        if (secrets != null) model.set("secrets", Json.PLAIN.valueToTree(secrets));
        if (!model.isEmpty()) root.set("model", model);
        return root;
    }

    /** A fluent builder; unset fields are left out of the patch. */
    public static final class Builder {
        private String accelerator, instanceSize, instanceType, repository, framework, revision, task;
        private Integer minReplica, maxReplica, scaleToZeroTimeout;
        private Map<String, Object> customImage;
        private Map<String, String> env, secrets;
        private List<ScalingWindow> schedule;
        private String timezone;

        private Builder() {}

        public Builder accelerator(String v) { accelerator = v; return this; }
        public Builder instanceSize(String v) { instanceSize = v; return this; }
        public Builder instanceType(String v) { instanceType = v; return this; }
        public Builder minReplica(Integer v) { minReplica = v; return this; }
        public Builder maxReplica(Integer v) { maxReplica = v; return this; }
        public Builder scaleToZeroTimeout(Integer minutes) { scaleToZeroTimeout = minutes; return this; }
        public Builder repository(String v) { repository = v; return this; }
        public Builder framework(String v) { framework = v; return this; }
        public Builder revision(String v) { revision = v; return this; }
        public Builder task(String v) { task = v; return this; }
        /** As on create; {@code Map.of("tgi", Map.of())} goes back from a custom image to Hearth's worker. */
        public Builder customImage(Map<String, Object> v) { customImage = v; return this; }
        public Builder customImage(String url, String healthRoute, Map<String, String> env) {
            customImage = CustomImages.container(url, healthRoute, env);
            return this;
        }
        /** Replaces the whole environment map. */
        public Builder env(Map<String, String> v) { env = v; return this; }
        /** Replaces the whole secrets map. */
        public Builder secrets(Map<String, String> v) { secrets = v; return this; }

        /** Replaces the scaling windows; an empty list removes them (docs/schedules.md). */
        public Builder schedule(List<ScalingWindow> v) { schedule = v; return this; }
        /** The IANA zone the schedule is read in. */
        public Builder timezone(String v) { timezone = v; return this; }

        public EndpointUpdate build() {
            return new EndpointUpdate(accelerator, instanceSize, instanceType, minReplica, maxReplica, scaleToZeroTimeout,
                    repository, framework, revision, task, customImage, env, secrets, schedule, timezone);
        }
    }
}
