package dev.hearth.kubernetes;

import dev.hearth.server.endpoint.EndpointId;
import dev.hearth.server.provider.ReplicaLaunch;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ReplicaObjectsTest {

    final KubernetesSettings settings = KubernetesSettings.defaults("ns");
    final ReplicaObjects objects = new ReplicaObjects(settings);
    final EndpointId id = new EndpointId("alice", "Big_Model.v2-with-a-rather-long-name-indeed");

    ReplicaLaunch launch(ReplicaLaunch.Resources resources, ReplicaLaunch.CustomImage image) {
        return new ReplicaLaunch(id, "0123456789abcdef", "r1", 3,
                List.of("hearth", "worker", "--hostname", ReplicaLaunch.HOST, "--port", ReplicaLaunch.PORT),
                Map.of("K", "v"), "/healthz", resources, image);
    }

    @Test
    void aGpuInstanceAsksForNvidiaGpusAsALimitAndItsThreadsAsCpus() {
        Container c = objects.deployment(launch(new ReplicaLaunch.Resources(4, 1), null))
                .getSpec().getTemplate().getSpec().getContainers().getFirst();
        assertThat(c.getResources().getLimits().get("nvidia.com/gpu").toString()).isEqualTo("1");
        assertThat(c.getResources().getRequests().get("cpu").toString()).isEqualTo("4");
        assertThat(c.getResources().getLimits().get("cpu").toString()).isEqualTo("4");
        assertThat(c.getCommand()).containsExactly("hearth", "worker", "--hostname", "0.0.0.0", "--port", "8080");
    }

    @Test
    void aCustomImageRunsAsTheContainerImageOnItsPortWithItsHealthRouteAsReadinessProbe() {
        Deployment d = objects.deployment(launch(ReplicaLaunch.Resources.ONE_CPU,
                new ReplicaLaunch.CustomImage("ghcr.io/acme/server:1.2", 7000)));
        Container c = d.getSpec().getTemplate().getSpec().getContainers().getFirst();
        assertThat(c.getImage()).isEqualTo("ghcr.io/acme/server:1.2");
        assertThat(c.getCommand()).as("the image's own entrypoint runs").isNullOrEmpty();
        assertThat(c.getPorts().getFirst().getContainerPort()).isEqualTo(7000);
        assertThat(c.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
        assertThat(c.getReadinessProbe().getHttpGet().getPort().getIntVal()).isEqualTo(7000);
        assertThat(d.getMetadata().getAnnotations()).containsEntry(ObjectNames.PORT, "7000");
    }

    @Test
    void namesAndLabelsFitKubernetesLimitsWhileAnnotationsKeepTheExactValues() {
        Deployment d = objects.deployment(launch(ReplicaLaunch.Resources.ONE_CPU, null));
        String name = d.getMetadata().getName();
        assertThat(name).matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?").hasSizeLessThanOrEqualTo(47).endsWith("-v3");
        assertThat(d.getMetadata().getLabels().values()).allSatisfy(v ->
                assertThat(v).hasSizeLessThanOrEqualTo(63).matches("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]"));
        assertThat(d.getMetadata().getAnnotations()).containsEntry(ObjectNames.ENDPOINT, id.name())
                .containsEntry(ObjectNames.INCARNATION, "0123456789abcdef").containsEntry(ObjectNames.SPEC_VERSION, "3");
        assertThat(ObjectNames.deployment(id, "0123456789abcdef", 3)).isNotEqualTo(ObjectNames.deployment(
                new EndpointId("bob", id.name()), "0123456789abcdef", 3));
    }
}
