package dev.hearth.kubernetes;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Test support: plays the controllers and the kubelet a mock API server does not run. It creates the pods a
 * Deployment asks for (its template's labels, as a ReplicaSet would) and writes their status as a kubelet would.
 */
final class Kubelet {

    private final KubernetesClient client;
    private final String namespace;
    private final AtomicInteger serial = new AtomicInteger();

    Kubelet(KubernetesClient client, String namespace) {
        this.client = client;
        this.namespace = namespace;
    }

    Deployment deployment(String name) {
        return client.apps().deployments().inNamespace(namespace).withName(name).get();
    }

    List<Pod> pods(String deployment) {
        return client.pods().inNamespace(namespace).withLabel(ObjectNames.DEPLOYMENT, deployment).list().getItems();
    }

    /** Creates one pod of the Deployment, with the given status; returns its name. */
    String createPod(String deployment, PodStatus status) {
        Deployment d = deployment(deployment);
        String name = deployment + "-" + Integer.toHexString(0x10000 + serial.incrementAndGet());
        Pod pod = new PodBuilder().withNewMetadata().withName(name).withNamespace(namespace)
                .withLabels(d.getSpec().getTemplate().getMetadata().getLabels()).endMetadata()
                .withSpec(d.getSpec().getTemplate().getSpec())
                .build();
        client.pods().inNamespace(namespace).resource(pod).create();
        setStatus(name, status);
        return name;
    }

    void setStatus(String pod, PodStatus status) {
        Pod p = client.pods().inNamespace(namespace).withName(pod).get();
        p.setStatus(status);
        client.pods().inNamespace(namespace).resource(p).updateStatus();
    }

    /** As a ReplicaSet would: creates pods (with {@code status}) until the Deployment has as many as it asks for. */
    List<String> fill(String deployment, PodStatus status) {
        int wanted = deployment(deployment).getSpec().getReplicas();
        int have = pods(deployment).size();
        return java.util.stream.IntStream.range(have, wanted).mapToObj(i -> createPod(deployment, status)).toList();
    }

    /** As a ReplicaSet would on a scale-down: deletes pods beyond the Deployment's count. */
    void trim(String deployment) {
        int wanted = deployment(deployment).getSpec().getReplicas();
        List<Pod> pods = pods(deployment);
        for (int i = wanted; i < pods.size(); i++) client.pods().inNamespace(namespace).resource(pods.get(i)).delete();
    }

    static PodStatus ready(String ip) {
        return new PodStatusBuilder().withPhase("Running").withPodIP(ip)
                .withConditions(new PodConditionBuilder().withType("PodScheduled").withStatus("True").build(),
                        new PodConditionBuilder().withType("Ready").withStatus("True").build())
                .withContainerStatuses(new ContainerStatusBuilder().withName("worker").withReady(true).withRestartCount(0)
                        .withNewState().withNewRunning().withStartedAt("2026-12-02T00:00:00Z").endRunning().endState().build())
                .build();
    }

    static PodStatus starting(String ip) {
        return new PodStatusBuilder().withPhase("Running").withPodIP(ip)
                .withConditions(new PodConditionBuilder().withType("Ready").withStatus("False").build())
                .build();
    }

    static PodStatus waiting(String reason, String message, String lastTerminated, Integer lastExit) {
        var container = new ContainerStatusBuilder().withName("worker").withReady(false).withRestartCount(3)
                .withNewState().withNewWaiting().withReason(reason).withMessage(message).endWaiting().endState();
        if (lastTerminated != null) {
            container.withNewLastState().withNewTerminated().withReason(lastTerminated).withExitCode(lastExit)
                    .endTerminated().endLastState();
        }
        return new PodStatusBuilder().withPhase("Running").withPodIP("127.0.0.1")
                .withConditions(new PodConditionBuilder().withType("Ready").withStatus("False").build())
                .withContainerStatuses(container.build()).build();
    }

    static PodStatus unschedulable(String message) {
        return new PodStatusBuilder().withPhase("Pending")
                .withConditions(new PodConditionBuilder().withType("PodScheduled").withStatus("False")
                        .withReason("Unschedulable").withMessage(message).build())
                .build();
    }
}
