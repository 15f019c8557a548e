package dev.hearth.cli;

import dev.hearth.kubernetes.KubernetesProviderFactory;
import dev.hearth.kubernetes.KubernetesSettings;
import dev.hearth.server.ServerOptions;
import picocli.CommandLine.Option;

import java.util.List;

/** {@code hearth server}'s choice of where replicas run: worker processes here, or pods of a Kubernetes cluster. */
final class ProviderOptions {

    enum Provider { local, kubernetes }

    @Option(names = "--provider", defaultValue = "${env:HEARTH_PROVIDER:-local}",
            description = "Where replicas run: local (worker processes on this machine) or kubernetes (a Deployment "
                    + "per endpoint version in the cluster of the pod's service account, else of ~/.kube/config) "
                    + "(default: ${DEFAULT-VALUE}, or $HEARTH_PROVIDER).")
    Provider provider;

    @Option(names = "--k8s-namespace", defaultValue = "${env:HEARTH_K8S_NAMESPACE}",
            description = "The Kubernetes namespace replicas run in (default: the configuration's, in a pod its own).")
    String namespace;

    @Option(names = "--k8s-image", defaultValue = "${env:HEARTH_K8S_IMAGE:-" + KubernetesSettings.DEFAULT_IMAGE + "}",
            description = "The Hearth image whose `hearth worker` runs the replicas (default: ${DEFAULT-VALUE}, or $HEARTH_K8S_IMAGE).")
    String image;

    @Option(names = "--k8s-cache-claim", defaultValue = "${env:HEARTH_K8S_CACHE_CLAIM:-" + KubernetesSettings.DEFAULT_CACHE_CLAIM + "}",
            description = "The PersistentVolumeClaim of the shared Hugging Face cache, mounted in every replica at "
                    + KubernetesSettings.DEFAULT_CACHE_PATH + "; none for no shared cache (default: ${DEFAULT-VALUE}).")
    String cacheClaim;

    /** Starts the server with the provider chosen. */
    dev.hearth.server.HearthServer start(ServerSettings settings) {
        if (provider == Provider.local) return dev.hearth.server.HearthServer.start(settings.options());
        // In a pod the image's `hearth` script is the worker: the local JVM's classpath means nothing there.
        ServerOptions options = settings.options(List.of("hearth", "worker"));
        KubernetesProviderFactory factory = KubernetesProviderFactory.fromEnvironment(namespace, s -> s
                .withWorkerImage(image).withCacheClaim("none".equals(cacheClaim) ? null : cacheClaim));
        return dev.hearth.server.HearthServer.start(options, factory);
    }
}
