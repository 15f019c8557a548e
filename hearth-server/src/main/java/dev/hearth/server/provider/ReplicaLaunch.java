package dev.hearth.server.provider;

import dev.hearth.server.endpoint.EndpointId;

import java.util.List;
import java.util.Map;

/**
 * What to run for one replica.
 *
 * @param incarnation the endpoint incarnation it is launched for ({@code Endpoint#incarnation})
 * @param replicaId   unique across the installation, e.g. {@code alice.my-endpoint.<incarnation>.r7}; also the
 *                    process label; stable for the replica's life (and across control plane restarts)
 * @param specVersion the endpoint spec version this replica runs (of its incarnation); a newer spec means a rolling
 *                    update replaces it
 * @param command     argv; every occurrence of {@code {port}} is replaced by the port the provider chose
 * @param env         extra environment; the provider adds {@code PORT} and {@code HEARTH_REPLICA_ID}
 * @param healthRoute path polled until it answers 200 (e.g. {@code /health})
 */
public record ReplicaLaunch(
        EndpointId endpoint,
        String incarnation,
        String replicaId,
        long specVersion,
        List<String> command,
        Map<String, String> env,
        String healthRoute) {

    public ReplicaLaunch {
        command = List.copyOf(command);
        env = Map.copyOf(env);
    }
}
