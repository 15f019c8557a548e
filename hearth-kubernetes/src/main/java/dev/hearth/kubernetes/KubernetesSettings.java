package dev.hearth.kubernetes;

import java.time.Duration;
import java.util.Objects;

/**
 * How the Kubernetes provider runs replicas.
 *
 * @param namespace      the Kubernetes namespace every object goes to (the control plane's own, by default)
 * @param workerImage    the Hearth image, whose {@code hearth worker} runs the built-in images' replicas
 * @param workerPort     the port the worker container listens on (and the gateway reaches the pod IP at)
 * @param cacheClaim     the PersistentVolumeClaim holding the Hugging Face cache, mounted in every replica so a model
 *                       is downloaded once; null to give replicas no shared cache
 * @param cachePath      where that volume is mounted, and {@code HF_HOME} points (the control plane mounts it at the
 *                       same path, so the model paths it resolves are the replicas' too)
 * @param stopGrace      the pods' termination grace period
 * @param syncTimeout    how long start-up waits for the first list of pods
 */
public record KubernetesSettings(String namespace, String workerImage, int workerPort, String cacheClaim,
                                 String cachePath, Duration stopGrace, Duration syncTimeout) {

    public static final String DEFAULT_IMAGE = "hearth:0.1.0";
    public static final String DEFAULT_CACHE_CLAIM = "hearth-hf-cache";
    public static final String DEFAULT_CACHE_PATH = "/var/lib/hearth/hf";
    public static final int DEFAULT_WORKER_PORT = 8080;

    public KubernetesSettings {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(workerImage, "workerImage");
        Objects.requireNonNull(cachePath, "cachePath");
        Objects.requireNonNull(stopGrace, "stopGrace");
        Objects.requireNonNull(syncTimeout, "syncTimeout");
        if (workerPort < 1 || workerPort > 65535) throw new IllegalArgumentException("workerPort must be 1..65535");
        if (stopGrace.isNegative()) throw new IllegalArgumentException("stopGrace must be ≥ 0");
    }

    public static KubernetesSettings defaults(String namespace) {
        return new KubernetesSettings(namespace, DEFAULT_IMAGE, DEFAULT_WORKER_PORT, DEFAULT_CACHE_CLAIM,
                DEFAULT_CACHE_PATH, Duration.ofSeconds(10), Duration.ofSeconds(30));
    }

    public KubernetesSettings withWorkerImage(String image) {
        return new KubernetesSettings(namespace, image, workerPort, cacheClaim, cachePath, stopGrace, syncTimeout);
    }

    public KubernetesSettings withWorkerPort(int port) {
        return new KubernetesSettings(namespace, workerImage, port, cacheClaim, cachePath, stopGrace, syncTimeout);
    }

    public KubernetesSettings withCacheClaim(String claim) {
        return new KubernetesSettings(namespace, workerImage, workerPort, claim, cachePath, stopGrace, syncTimeout);
    }
}
