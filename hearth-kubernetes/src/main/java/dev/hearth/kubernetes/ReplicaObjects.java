package dev.hearth.kubernetes;

import dev.hearth.server.provider.ReplicaLaunch;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;

import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The objects behind one endpoint version: a Deployment of its replicas and the Secret with their environment.
 * Pure: from a launch and the settings to fabric8 model objects, so what Hearth asks of a cluster is readable (and
 * tested) without one.
 *
 * <p>Invariants: the Deployment holds no value of the launch's environment (the endpoint's env and secrets, the
 * replica key, the Hub token): the container reads them all from the Secret ({@code envFrom}), so {@code kubectl get
 * deployment -o yaml} and the Deployment's watchers see none. Replicas get no service account token: a model has no
 * business with the Kubernetes API.
 */
final class ReplicaObjects {

    /** The volume of the Hugging Face cache. */
    static final String CACHE_VOLUME = "hf-cache";
    static final String GPU_RESOURCE = "nvidia.com/gpu";
    /** The control plane's variables a replica needs, by name: where the Hub is, offline mode, the Hub token. */
    static final Set<String> SERVER_VARIABLES = Set.of("HF_ENDPOINT", "HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE", "HF_TOKEN");

    private final KubernetesSettings settings;

    ReplicaObjects(KubernetesSettings settings) {
        this.settings = settings;
    }

    /** The port the replicas of {@code launch} listen on: the worker's, or the custom image's own. */
    int port(ReplicaLaunch launch) {
        return launch.customImage() == null ? settings.workerPort() : launch.customImage().port();
    }

    /** The Deployment, at zero replicas: the provider scales it once its Secret exists. */
    Deployment deployment(ReplicaLaunch launch) {
        String name = ObjectNames.deployment(launch.endpoint(), launch.incarnation(), launch.specVersion());
        Map<String, String> labels = ObjectNames.labels(launch.endpoint(), launch.incarnation(), launch.specVersion(), name);
        Map<String, String> annotations = ObjectNames.annotations(launch.endpoint(), launch.incarnation(),
                launch.specVersion(), port(launch));
        PodSpecBuilder pod = new PodSpecBuilder()
                .withContainers(container(launch, name))
                .withAutomountServiceAccountToken(false)
                .withTerminationGracePeriodSeconds(settings.stopGrace().toSeconds());
        if (settings.cacheClaim() != null) {
            pod.addNewVolume().withName(CACHE_VOLUME).withNewPersistentVolumeClaim()
                    .withClaimName(settings.cacheClaim()).endPersistentVolumeClaim().endVolume();
        }
        return new DeploymentBuilder()
                .withNewMetadata().withName(name).withNamespace(settings.namespace()).withLabels(labels)
                .withAnnotations(annotations).endMetadata()
                .withNewSpec()
                .withReplicas(0)
                .withNewSelector().withMatchLabels(Map.of(ObjectNames.DEPLOYMENT, name)).endSelector()
                .withNewTemplate()
                .withNewMetadata().withLabels(labels).withAnnotations(annotations).endMetadata()
                .withSpec(pod.build())
                .endTemplate()
                .endSpec()
                .build();
    }

    /**
     * The replicas' environment, owned by their Deployment so that deleting it removes the Secret too.
     *
     * @param apiKey the key every replica of this version requires from the gateway
     */
    Secret secret(ReplicaLaunch launch, Deployment owner, String apiKey, Map<String, String> serverEnvironment) {
        Map<String, String> data = new TreeMap<>();
        serverEnvironment.forEach((k, v) -> {
            if (SERVER_VARIABLES.contains(k)) data.put(k, v);
        });
        data.putAll(launch.env());
        data.put(ObjectNames.API_KEY, apiKey);
        Map<String, String> encoded = new LinkedHashMap<>();
        data.forEach((k, v) -> encoded.put(k, Base64.getEncoder().encodeToString(v.getBytes(java.nio.charset.StandardCharsets.UTF_8))));
        return new SecretBuilder()
                .withNewMetadata().withName(owner.getMetadata().getName()).withNamespace(settings.namespace())
                .withLabels(owner.getMetadata().getLabels())
                .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion("apps/v1").withKind("Deployment")
                        .withName(owner.getMetadata().getName()).withUid(owner.getMetadata().getUid())
                        .withController(true).withBlockOwnerDeletion(true).build())
                .endMetadata()
                .withType("Opaque")
                .withData(encoded)
                .build();
    }

    private Container container(ReplicaLaunch launch, String name) {
        int port = port(launch);
        List<EnvVar> env = new ArrayList<>();
        env.add(new EnvVar("PORT", Integer.toString(port), null));
        // One template serves every pod of the Deployment: the pod's own name is its replica label.
        env.add(new EnvVarBuilder().withName("HEARTH_REPLICA_ID").withNewValueFrom().withNewFieldRef()
                .withFieldPath("metadata.name").endFieldRef().endValueFrom().build());
        if (settings.cacheClaim() != null) env.add(new EnvVar("HF_HOME", settings.cachePath(), null));
        ContainerBuilder c = new ContainerBuilder()
                .withName(launch.customImage() == null ? "worker" : "custom")
                .withImage(launch.customImage() == null ? settings.workerImage() : launch.customImage().url())
                .withImagePullPolicy("IfNotPresent")
                .addNewPort().withName("http").withContainerPort(port).endPort()
                .withEnv(env)
                .addNewEnvFrom().withNewSecretRef().withName(name).endSecretRef().endEnvFrom()
                .withNewReadinessProbe()
                .withNewHttpGet().withPath(launch.healthRoute()).withNewPort(port).endHttpGet()
                .withPeriodSeconds(2).withFailureThreshold(3).withTimeoutSeconds(2)
                .endReadinessProbe()
                .withNewResources().withRequests(resources(launch, false)).withLimits(resources(launch, true)).endResources()
                .withNewSecurityContext().withAllowPrivilegeEscalation(false).endSecurityContext();
        if (launch.customImage() == null) {
            // Hearth's worker: the planner's command, listening on every interface of the pod at the worker port.
            c.withCommand(launch.command().stream().map(a -> a.replace(ReplicaLaunch.PORT, Integer.toString(port))
                    .replace(ReplicaLaunch.HOST, "0.0.0.0")).toList());
        }
        if (settings.cacheClaim() != null) {
            c.addNewVolumeMount().withName(CACHE_VOLUME).withMountPath(settings.cachePath()).endVolumeMount();
        }
        return c.build();
    }

    /** The instance size's threads as CPUs (requested and the limit), and its GPUs as a limit (which is also the request). */
    private static Map<String, Quantity> resources(ReplicaLaunch launch, boolean limits) {
        Map<String, Quantity> r = new LinkedHashMap<>();
        r.put("cpu", new Quantity(Integer.toString(launch.resources().cpus())));
        if (limits && launch.resources().gpus() > 0) {
            r.put(GPU_RESOURCE, new Quantity(Integer.toString(launch.resources().gpus())));
        }
        return r;
    }

    static boolean managed(HasMetadata o) {
        Map<String, String> labels = o.getMetadata().getLabels();
        return labels != null && ObjectNames.HEARTH.equals(labels.get(ObjectNames.MANAGED_BY));
    }
}
