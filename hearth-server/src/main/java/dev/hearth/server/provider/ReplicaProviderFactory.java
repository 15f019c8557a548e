package dev.hearth.server.provider;

import dev.hearth.server.leader.Leadership;
import dev.hearth.server.provider.local.ReplicaKeys;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Builds the server's {@link ReplicaProvider} from what the composition root ({@code HearthServer.start}) owns, so
 * that a provider living in another module (Kubernetes, with its client library) is chosen by the command that
 * starts the server without hearth-server depending on it.
 */
@FunctionalInterface
public interface ReplicaProviderFactory {

    /**
     * @param records     durable records of started replicas, for providers whose replicas only this server knows
     * @param listener    to call on every replica health change
     * @param keys        derives the key each replica requires from the gateway
     * @param logs        where replica logs go, for providers that write them
     * @param environment the control plane's environment, read once by the composition root
     */
    record Context(ReplicaRecords records, ReplicaListener listener, ReplicaKeys keys, Path logs,
                   Map<String, String> environment) {}

    ReplicaProvider create(Context context);

    /**
     * How the instances sharing a store elect the one that runs the provider, where the provider's platform has a
     * way of its own (a Kubernetes Lease); empty for the store's (a PostgreSQL advisory lock). Asked once, at start,
     * and only when several instances may share the store.
     *
     * @param instance this instance's name, unique among those sharing the store
     */
    default Optional<Leadership> leadership(String instance) {
        return Optional.empty();
    }
}
