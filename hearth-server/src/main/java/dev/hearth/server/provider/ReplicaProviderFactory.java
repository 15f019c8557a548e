package dev.hearth.server.provider;

import dev.hearth.server.provider.local.ReplicaKeys;

import java.nio.file.Path;
import java.util.Map;

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
}
