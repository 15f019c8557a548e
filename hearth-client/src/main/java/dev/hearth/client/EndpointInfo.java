package dev.hearth.client;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * What the server said about an endpoint, read the way huggingface_hub reads it (its {@code InferenceEndpoint}
 * dataclass), plus the compute and replica counts Hearth reports.
 *
 * @param namespace the namespace the endpoint was addressed in (not in the JSON, as in huggingface_hub)
 * @param url       {@code status.url}; {@code null} while not deployed (pending, paused, failed)
 * @param raw       the whole answer; {@link #raw()} returns a copy, so this record stays immutable
 */
public record EndpointInfo(
        String name,
        String namespace,
        String type,
        String repository,
        String framework,
        String revision,
        String task,
        EndpointStatus status,
        String url,
        String healthRoute,
        Instant createdAt,
        Instant updatedAt,
        String message,
        String vendor,
        String region,
        Compute compute,
        int readyReplica,
        int targetReplica,
        JsonNode raw) {

    /**
     * {@code compute}: the hardware and the scaling bounds ({@code scaleToZeroTimeout} in minutes, or null), and
     * Hearth's scaling windows ({@code schedule}, empty when none; {@code timezone}, null for UTC).
     */
    public record Compute(String accelerator, String instanceType, String instanceSize,
                          int minReplica, int maxReplica, Integer scaleToZeroTimeout,
                          List<ScalingWindow> schedule, String timezone) {

        public Compute {
            schedule = schedule == null ? List.of() : List.copyOf(schedule);
        }

        /** Without scaling windows. */
        public Compute(String accelerator, String instanceType, String instanceSize,
                       int minReplica, int maxReplica, Integer scaleToZeroTimeout) {
            this(accelerator, instanceType, instanceSize, minReplica, maxReplica, scaleToZeroTimeout, List.of(), null);
        }
    }

    public EndpointInfo {
        raw = raw.deepCopy();
    }

    @Override
    public JsonNode raw() {
        return raw.deepCopy();
    }

    /** Reads an endpoint object; keys huggingface_hub reads strictly are required here too. */
    public static EndpointInfo parse(JsonNode e, String namespace) {
        JsonNode model = e.path("model"), status = e.path("status"), compute = e.path("compute");
        JsonNode scaling = compute.path("scaling");
        return new EndpointInfo(
                required(e, "name"),
                namespace,
                text(e.path("type")),
                required(model, "repository"),
                text(model.path("framework")),
                text(model.path("revision")),
                text(model.path("task")),
                EndpointStatus.fromWire(required(status, "state")),
                text(status.path("url")),
                e.path("healthRoute").isTextual() ? e.get("healthRoute").asText() : "/health",
                instant(status.path("createdAt")),
                instant(status.path("updatedAt")),
                text(status.path("message")),
                text(e.path("provider").path("vendor")),
                text(e.path("provider").path("region")),
                new Compute(text(compute.path("accelerator")), text(compute.path("instanceType")),
                        text(compute.path("instanceSize")), scaling.path("minReplica").asInt(1),
                        scaling.path("maxReplica").asInt(1),
                        scaling.path("scaleToZeroTimeout").isNumber() ? scaling.get("scaleToZeroTimeout").asInt() : null,
                        ScalingWindows.parse(scaling.path("schedule")), text(scaling.path("timezone"))),
                status.path("readyReplica").asInt(0),
                status.path("targetReplica").asInt(0),
                e);
    }

    private static String required(JsonNode node, String key) {
        JsonNode v = node.get(key);
        if (v == null || !v.isTextual()) {
            throw new IllegalStateException("the server's endpoint object lacks \"" + key + "\": " + node);
        }
        return v.asText();
    }

    private static String text(JsonNode n) {
        return n.isTextual() ? n.asText() : null;
    }

    private static Instant instant(JsonNode n) {
        if (!n.isTextual()) return null;
        try {
            return Instant.parse(n.asText());
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
