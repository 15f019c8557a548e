package dev.hearth.server.provider;

import dev.hearth.server.endpoint.EndpointId;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What to run for one replica.
 *
 * @param incarnation the endpoint incarnation it is launched for ({@code Endpoint#incarnation})
 * @param replicaId   unique across the installation, e.g. {@code alice.my-endpoint.<incarnation>.r7}; also the
 *                    process label; stable for the replica's life (and across control plane restarts)
 * @param specVersion the endpoint spec version this replica runs (of its incarnation); a newer spec means a rolling
 *                    update replaces it
 * @param command     argv; every occurrence of {@link #PORT} is replaced by the port the provider chose and every
 *                    occurrence of {@link #HOST} by the address the replica must listen on (loopback for a local
 *                    process, every interface in a pod)
 * @param env         extra environment; the provider adds {@code PORT} and {@code HEARTH_REPLICA_ID}
 * @param healthRoute path polled until it answers 200 (e.g. {@code /health})
 * @param resources   what the endpoint's instance size asks for; a provider that isolates replicas (a pod) enforces it
 * @param customImage the endpoint's {@code model.image.custom}, or null for Hearth's own worker; a local provider
 *                    runs {@link #command} (its {@code url} as a shell command), a container provider runs the image
 */
public record ReplicaLaunch(
        EndpointId endpoint,
        String incarnation,
        String replicaId,
        long specVersion,
        List<String> command,
        Map<String, String> env,
        String healthRoute,
        Resources resources,
        CustomImage customImage) {

    public static final String PORT = "{port}";
    public static final String HOST = "{host}";

    /**
     * @param cpus     threads the engine runs (the instance size)
     * @param gpus     accelerators asked for ({@code compute.accelerator: gpu}); 0 on CPU
     */
    public record Resources(int cpus, int gpus) {
        public static final Resources ONE_CPU = new Resources(1, 0);

        public Resources {
            if (cpus < 1 || gpus < 0) throw new IllegalArgumentException("cpus must be ≥ 1 and gpus ≥ 0");
        }
    }

    /** {@code model.image.custom}: a container image and the port it serves on. */
    public record CustomImage(String url, int port) {
        public CustomImage {
            Objects.requireNonNull(url, "url");
        }
    }

    public ReplicaLaunch {
        command = List.copyOf(command);
        env = Map.copyOf(env);
        Objects.requireNonNull(resources, "resources");
    }

    /** A launch of Hearth's own worker on one CPU. */
    public ReplicaLaunch(EndpointId endpoint, String incarnation, String replicaId, long specVersion,
                         List<String> command, Map<String, String> env, String healthRoute) {
        this(endpoint, incarnation, replicaId, specVersion, command, env, healthRoute, Resources.ONE_CPU, null);
    }
}
