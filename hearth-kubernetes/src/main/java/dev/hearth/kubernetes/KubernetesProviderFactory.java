package dev.hearth.kubernetes;

import dev.hearth.server.leader.Leadership;
import dev.hearth.server.provider.ReplicaProvider;
import dev.hearth.server.provider.ReplicaProviderFactory;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The provider of {@code hearth server --provider kubernetes}: a client configured the way fabric8 reads it (the
 * pod's service account in a cluster, else {@code KUBECONFIG} or {@code ~/.kube/config}), in the namespace given or
 * else the configuration's own. The control-plane instances elect their leader through a Lease in that namespace
 * ({@link LeaseLeadership}).
 */
public final class KubernetesProviderFactory implements ReplicaProviderFactory {

    private final KubernetesClient client;
    private final KubernetesSettings settings;
    private final boolean ownsClient;

    /** @param ownsClient whether the provider closes the client when the server closes */
    public KubernetesProviderFactory(KubernetesClient client, KubernetesSettings settings, boolean ownsClient) {
        this.client = client;
        this.settings = settings;
        this.ownsClient = ownsClient;
    }

    /**
     * @param namespace null for the configuration's namespace (in a pod: its own)
     * @param tune      the CLI's changes to the defaults (image, cache claim)
     *
     * <p>The client lives as long as the process: a control plane builds its provider anew each time it is elected
     * leader, so no provider may close it.
     */
    public static KubernetesProviderFactory fromEnvironment(String namespace, UnaryOperator<KubernetesSettings> tune) {
        KubernetesClient client = new KubernetesClientBuilder().build();
        String ns = namespace != null ? namespace : client.getNamespace() != null ? client.getNamespace() : "default";
        return new KubernetesProviderFactory(client, tune.apply(KubernetesSettings.defaults(ns)), false);
    }

    public KubernetesSettings settings() {
        return settings;
    }

    /**
     * A Lease named {@link LeaseLeadership#LEASE} in the provider's namespace. The holder's identity is
     * {@code instance} plus a random suffix: fabric8 takes a Lease naming its own identity as already held, so two
     * instances must never share one, not even two in one process on the same configured port.
     */
    @Override
    public Optional<Leadership> leadership(String instance) {
        String identity = instance + "#" + java.util.UUID.randomUUID().toString().substring(0, 8);
        return Optional.of(new LeaseLeadership(client, settings.namespace(), LeaseLeadership.LEASE, identity,
                LeaseLeadership.Timings.defaults()));
    }

    @Override
    public ReplicaProvider create(Context context) {
        KubernetesProvider provider = new KubernetesProvider(client, settings, context.listener(), context.environment(),
                ownsClient, context.keys());
        try {
            provider.checkReachable();
        } catch (ClusterUnreachableException e) {
            provider.close();
            throw e;
        }
        return provider;
    }
}
