package dev.hearth.kubernetes;

import dev.hearth.server.provider.local.ReplicaKeys;
import org.junit.jupiter.api.io.TempDir;
import java.nio.file.Path;

import dev.hearth.server.provider.ReplicaProviderFactory;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClusterUnreachableTest {

    @Test
    void aClusterThatCannotBeReachedStopsTheStartWithItsAddressAndWhatToCheck(@TempDir Path home) throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        KubernetesClient client = new KubernetesClientBuilder().withConfig(new ConfigBuilder()
                .withMasterUrl("http://127.0.0.1:" + closed).withNamespace("hearth")
                .withRequestRetryBackoffLimit(0).withConnectionTimeout(2_000).build()).build();
        KubernetesProviderFactory factory = new KubernetesProviderFactory(client, KubernetesSettings.defaults("hearth"), true);

        assertThatThrownBy(() -> factory.create(new ReplicaProviderFactory.Context(null, r -> {},
                ReplicaKeys.open(home.resolve("replica-keys.secret")), null, Map.of())))
                .isInstanceOf(ClusterUnreachableException.class)
                .hasMessageContaining("127.0.0.1:" + closed).hasMessageContaining("namespace hearth")
                .hasMessageContaining("KUBECONFIG");
    }
}
