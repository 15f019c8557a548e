package dev.hearth.kubernetes;

import dev.hearth.server.endpoint.EndpointId;
import dev.hearth.server.provider.Replica;
import dev.hearth.server.provider.ReplicaLaunch;
import dev.hearth.server.provider.ReplicaListener;
import dev.hearth.server.provider.ReplicaProvider;
import dev.hearth.server.provider.local.ReplicaKeys;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs replicas as pods: one Deployment per endpoint version (incarnation and spec version), whose replica count is
 * the number of that version's replicas the reconciler wants. {@link #start} adds one to it, {@link #stop} takes
 * one off and removes the replica's pod; pods are bound to replicas as the pod watch sees them appear.
 *
 * <p>Invariants:
 * <ul>
 *   <li>Replicas are found by watching pods (an informer: one list, then a watch), never by polling; a replica is
 *       ready when its pod's {@code Ready} condition is true and it has an IP, which its readiness probe (the
 *       endpoint's health route) decides.</li>
 *   <li>A Deployment's {@code spec.replicas} is the number of its live replicas: 0 when the endpoint is paused or
 *       scaled to zero (the Deployment stays, so waking it is a scale), and it is deleted once a newer version of its
 *       endpoint exists and none of its replicas live (the reconciler's rolling update), or the endpoint is deleted.</li>
 *   <li>A pod that fails in a way Kubernetes will not repair by itself ({@link PodFacts#FAILED_WAITING},
 *       {@code OOMKilled}, unschedulable, a failed phase) ends its replica with that reason and its last log lines,
 *       and is removed: the reconciler then restarts with its back-off and, past its crash limit, fails the endpoint
 *       with the reason as the message.</li>
 *   <li>Everything a replica's environment holds is in a Secret owned by its Deployment (see {@link ReplicaObjects}).
 *       The replica key, one per version, is derived from the Deployment's name ({@link #keyName}) with the
 *       replica-key secret every control-plane instance shares, never stored in the control plane's store: a
 *       restarted leader derives it again to adopt the pods, and a follower derives it from the name the leader's
 *       published route carries.</li>
 *   <li>Listeners are called without the provider's lock held; their exceptions are logged.</li>
 * </ul>
 */
public final class KubernetesProvider implements ReplicaProvider {

    private static final Logger LOG = LoggerFactory.getLogger(KubernetesProvider.class);
    private static final int FINAL_LOG_LINES = 40;

    private final KubernetesClient client;
    private final KubernetesSettings settings;
    private final ReplicaObjects objects;
    private final ReplicaListener listener;
    private final Map<String, String> serverEnvironment;
    private final boolean ownsClient;
    private final ReplicaKeys keys;
    private final Object lock = new Object();
    /** Versions by Deployment name. Guarded by {@link #lock}. */
    private final Map<String, Version> versions = new HashMap<>();
    /** The replica each bound pod fills, by pod name. Guarded by {@link #lock}. */
    private final Map<String, PodReplica> byPod = new HashMap<>();
    private SharedIndexInformer<Pod> pods;
    private volatile boolean closed;

    /** One endpoint version's Deployment and the replicas it counts. */
    private static final class Version {
        final String name;
        final EndpointId endpoint;
        final String incarnation;
        final long specVersion;
        final int port;
        final String keyName;
        final Optional<String> apiKey;
        final List<PodReplica> replicas = new ArrayList<>();
        int scaledTo;

        Version(String name, EndpointId endpoint, String incarnation, long specVersion, int port,
                String keyName, String apiKey, int scaledTo) {
            this.name = name;
            this.endpoint = endpoint;
            this.incarnation = incarnation;
            this.specVersion = specVersion;
            this.port = port;
            this.keyName = keyName;
            this.apiKey = Optional.of(apiKey);
            this.scaledTo = scaledTo;
        }

        int live() {
            return (int) replicas.stream().filter(PodReplica::live).count();
        }

        boolean supersedes(Version other) {
            return endpoint.equals(other.endpoint)
                    && (!incarnation.equals(other.incarnation) || specVersion > other.specVersion);
        }
    }

    /**
     * @param serverEnvironment the control plane's environment; replicas get only {@link ReplicaObjects#SERVER_VARIABLES}
     * @param ownsClient        close the client with the provider (the CLI's); tests keep theirs
     * @param keys              the replica-key secret shared by every control-plane instance
     */
    public KubernetesProvider(KubernetesClient client, KubernetesSettings settings, ReplicaListener listener,
                              Map<String, String> serverEnvironment, boolean ownsClient, ReplicaKeys keys) {
        this.client = Objects.requireNonNull(client, "client");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.objects = new ReplicaObjects(settings);
        this.listener = Objects.requireNonNull(listener, "listener");
        this.serverEnvironment = Map.copyOf(serverEnvironment);
        this.ownsClient = ownsClient;
        this.keys = Objects.requireNonNull(keys, "keys");
    }

    /**
     * Fails fast, with the reason in words, when the cluster cannot be reached or this server may not list its
     * Deployments: called before the server opens its port, so that a misconfigured server does not half start.
     */
    void checkReachable() {
        try {
            client.apps().deployments().inNamespace(settings.namespace())
                    .withLabel(ObjectNames.MANAGED_BY, ObjectNames.HEARTH)
                    .list(new io.fabric8.kubernetes.api.model.ListOptionsBuilder().withLimit(1L).build());
        } catch (KubernetesClientException e) {
            String why = e.getCode() == 403 || e.getCode() == 401
                    ? "the API refused this server's credentials (HTTP " + e.getCode() + "); apply deploy/kubernetes/10-rbac.yaml "
                      + "and run the server as its service account"
                    : "cannot reach it (" + rootCause(e) + "); in a pod, check its service account; elsewhere, KUBECONFIG or ~/.kube/config";
            throw new ClusterUnreachableException("Kubernetes API at " + client.getConfiguration().getMasterUrl()
                    + " (namespace " + settings.namespace() + "): " + why, e);
        }
    }

    private static String rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getClass().getSimpleName() + ": " + t.getMessage();
    }

    @Override
    public Replica start(ReplicaLaunch launch) {
        if (closed) throw new IllegalStateException("provider is closed");
        watch();
        List<PodReplica> changed = new ArrayList<>();
        PodReplica replica;
        synchronized (lock) {
            String name = ObjectNames.deployment(launch.endpoint(), launch.incarnation(), launch.specVersion());
            Version v = versions.get(name);
            if (v == null) {
                v = create(launch, name);
                versions.put(name, v);
                removeIdleSupersededBy(v);
            }
            replica = new PodReplica(launch.endpoint(), launch.replicaId(), launch.incarnation(), launch.specVersion(),
                    name, v.port, Instant.now(), v.apiKey, v.keyName, this::readLog);
            v.replicas.add(replica);
            scale(v);
            bindWaitingPods(v, changed);
        }
        LOG.info("started replica {} of {} in deployment {}/{}", launch.replicaId(), launch.endpoint(),
                settings.namespace(), replica.deployment());
        notifyAll(changed);
        return replica;
    }

    @Override
    public void stop(Replica replica) {
        if (!(replica instanceof PodReplica pod)) throw new IllegalArgumentException("not a pod replica: " + replica);
        if (!pod.claimStop()) return;
        boolean changed;
        synchronized (lock) {
            changed = pod.exit(null, Optional.empty(), null);
            Version v = versions.get(pod.deployment());
            pod.podName().ifPresent(name -> {
                byPod.remove(name);
                deletePod(name);
            });
            if (v != null) {
                v.replicas.remove(pod);
                if (v.live() == 0 && versions.values().stream().anyMatch(o -> o != v && o.supersedes(v))) remove(v);
                else scale(v);
            }
        }
        LOG.info("stopped replica {} ({})", pod.replicaId(), pod.deployment());
        if (changed) notifyAll(List.of(pod));
    }

    @Override
    public List<Replica> recover() {
        watch();
        List<Replica> adopted = new ArrayList<>();
        List<PodReplica> changed = new ArrayList<>();
        synchronized (lock) {
            for (Deployment d : client.apps().deployments().inNamespace(settings.namespace())
                    .withLabel(ObjectNames.MANAGED_BY, ObjectNames.HEARTH).list().getItems()) {
                Optional<Version> v = adopt(d);
                if (v.isEmpty()) continue;
                versions.put(v.get().name, v.get());
                adopted.addAll(v.get().replicas);
                bindWaitingPods(v.get(), changed);
            }
        }
        LOG.info("adopted {} replicas from {} deployments in namespace {}", adopted.size(), versions.size(),
                settings.namespace());
        notifyAll(changed);
        return List.copyOf(adopted);
    }

    @Override
    public void deleted(EndpointId endpoint) {
        synchronized (lock) {
            for (Version v : List.copyOf(versions.values())) {
                if (v.endpoint.equals(endpoint)) remove(v);
            }
            // Versions this instance never saw (scaled to zero before a restart, say) go too.
            for (Deployment d : client.apps().deployments().inNamespace(settings.namespace())
                    .withLabel(ObjectNames.MANAGED_BY, ObjectNames.HEARTH)
                    .withLabel(ObjectNames.NAMESPACE, ObjectNames.labelValue(endpoint.namespace()))
                    .withLabel(ObjectNames.ENDPOINT, ObjectNames.labelValue(endpoint.name())).list().getItems()) {
                Map<String, String> a = annotations(d);
                if (endpoint.namespace().equals(a.get(ObjectNames.NAMESPACE)) && endpoint.name().equals(a.get(ObjectNames.ENDPOINT))) {
                    deleteObjects(d.getMetadata().getName());
                }
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        SharedIndexInformer<Pod> informer;
        synchronized (lock) {
            informer = pods;
        }
        if (informer != null) informer.stop(); // outside the lock: its event thread may be waiting for it
        if (ownsClient) client.close();
        LOG.info("Kubernetes provider closed; its pods keep running");
    }

    // ---- the pod watch ----

    /** Starts the pod informer once, and waits for its first list so that recovery sees every pod. */
    private void watch() {
        SharedIndexInformer<Pod> informer;
        synchronized (lock) {
            if (pods != null) return;
            pods = client.pods().inNamespace(settings.namespace())
                    .withLabel(ObjectNames.MANAGED_BY, ObjectNames.HEARTH)
                    .inform(new PodEvents(), 0);
            informer = pods;
        }
        try {
            informer.start().toCompletableFuture().get(settings.syncTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            throw new IllegalStateException("cannot watch the pods of namespace " + settings.namespace() + ": " + e.getMessage(), e);
        }
    }

    private final class PodEvents implements ResourceEventHandler<Pod> {
        @Override
        public void onAdd(Pod pod) {
            seen(pod, false);
        }

        @Override
        public void onUpdate(Pod before, Pod pod) {
            seen(pod, false);
        }

        @Override
        public void onDelete(Pod pod, boolean finalStateUnknown) {
            seen(pod, true);
        }
    }

    private void seen(Pod pod, boolean deleted) {
        if (closed) return;
        List<PodReplica> changed = new ArrayList<>();
        synchronized (lock) {
            Map<String, String> labels = pod.getMetadata().getLabels();
            Version v = labels == null ? null : versions.get(labels.get(ObjectNames.DEPLOYMENT));
            if (v != null) update(v, pod, deleted, changed);
        }
        notifyAll(changed);
    }

    /** Binds a new pod to a replica waiting for one, and carries the pod's status over to its replica. */
    private void update(Version v, Pod pod, boolean deleted, List<PodReplica> changed) {
        PodFacts facts = PodFacts.of(pod);
        PodReplica replica = byPod.get(facts.name());
        if (replica == null) {
            if (deleted || facts.terminating()) return;
            replica = v.replicas.stream().filter(r -> r.live() && !r.bound()).findFirst().orElse(null);
            if (replica == null) return; // a pod the Deployment is about to remove
            byPod.put(facts.name(), replica);
            LOG.info("pod {} runs replica {}", facts.name(), replica.replicaId());
        }
        if (replica.stopClaimed()) return;
        if (deleted || facts.terminating()) {
            fail(v, replica, facts, facts.failure().orElse("pod " + facts.name() + " was deleted"), changed);
        } else if (facts.failure().isPresent()) {
            fail(v, replica, facts, facts.failure().get(), changed);
        } else if (replica.observe(facts)) {
            changed.add(replica);
        }
    }

    /** Ends a replica whose pod failed: keeps its last words, removes the pod, and counts one replica fewer. */
    private void fail(Version v, PodReplica replica, PodFacts facts, String reason, List<PodReplica> changed) {
        String log = facts.hasLog() ? readLog(facts.name(), FINAL_LOG_LINES) : facts.phaseLine();
        if (replica.exit(reason, facts.exitCode(), log)) changed.add(replica);
        LOG.warn("replica {} ended: pod {} {}", replica.replicaId(), facts.name(), reason);
        byPod.remove(facts.name());
        v.replicas.remove(replica);
        if (!facts.terminating()) deletePod(facts.name());
        scale(v);
    }

    private void bindWaitingPods(Version v, List<PodReplica> changed) {
        if (pods == null) return;
        pods.getStore().list().stream()
                .filter(p -> p.getMetadata().getLabels() != null && v.name.equals(p.getMetadata().getLabels().get(ObjectNames.DEPLOYMENT)))
                .sorted(Comparator.comparing(p -> Objects.requireNonNullElse(p.getMetadata().getCreationTimestamp(), "")))
                .forEach(p -> update(v, p, false, changed));
    }

    // ---- objects ----

    /** Creates the version's Deployment at zero replicas, then its Secret owned by it (or takes over existing ones). */
    private Version create(ReplicaLaunch launch, String name) {
        Deployment d = client.apps().deployments().inNamespace(settings.namespace()).withName(name).get();
        String keyName = keyName(name);
        String key = keys.keyFor(keyName);
        if (d == null) {
            try {
                d = client.apps().deployments().inNamespace(settings.namespace()).resource(objects.deployment(launch)).create();
            } catch (KubernetesClientException e) {
                throw refusedOrTransient("the Deployment " + name, e);
            }
            try {
                client.secrets().inNamespace(settings.namespace())
                        .resource(objects.secret(launch, d, key, serverEnvironment)).create();
            } catch (KubernetesClientException e) {
                // 409: left from an earlier start that ended between the two creates; it holds the same derived key
                if (e.getCode() != 409) {
                    deleteObjects(name);
                    throw refusedOrTransient("the Secret " + name, e);
                }
            }
            LOG.info("created deployment {}/{} for {} (spec v{})", settings.namespace(), name, launch.endpoint(),
                    launch.specVersion());
        }
        return new Version(name, launch.endpoint(), launch.incarnation(), launch.specVersion(), objects.port(launch),
                keyName, key, replicasOf(d));
    }

    /**
     * What a version's key is derived from: its Deployment's name, which every instance sees in the published
     * routes, qualified by the Kubernetes namespace so that installations sharing one secret still key apart.
     */
    private String keyName(String deployment) {
        return "kubernetes/" + settings.namespace() + "/" + deployment;
    }

    private Optional<Version> adopt(Deployment d) {
        Map<String, String> a = annotations(d);
        String name = d.getMetadata().getName();
        try {
            EndpointId id = new EndpointId(a.get(ObjectNames.NAMESPACE), a.get(ObjectNames.ENDPOINT));
            Version v = new Version(name, id, Objects.requireNonNull(a.get(ObjectNames.INCARNATION)),
                    Long.parseLong(a.get(ObjectNames.SPEC_VERSION)), Integer.parseInt(a.get(ObjectNames.PORT)),
                    keyName(name), keys.keyFor(keyName(name)), replicasOf(d));
            Instant created = d.getMetadata().getCreationTimestamp() == null ? Instant.now()
                    : Instant.parse(d.getMetadata().getCreationTimestamp());
            for (int i = 0; i < v.scaledTo; i++) {
                v.replicas.add(new PodReplica(id, name + ".r" + i, v.incarnation, v.specVersion, name, v.port, created,
                        v.apiKey, v.keyName, this::readLog));
            }
            return Optional.of(v);
        } catch (RuntimeException e) {
            LOG.warn("ignoring deployment {}: its hearth.dev annotations are missing or malformed ({})", name, e.toString());
            return Optional.empty();
        }
    }

    /** Sets the Deployment's replicas to its live replicas' count, when that changed. */
    private void scale(Version v) {
        int wanted = v.live();
        if (wanted == v.scaledTo) return;
        try {
            client.apps().deployments().inNamespace(settings.namespace()).withName(v.name)
                    .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"replicas\":" + wanted + "}}");
            v.scaledTo = wanted;
            LOG.info("scaled deployment {} to {} replicas", v.name, wanted);
        } catch (KubernetesClientException e) {
            LOG.warn("cannot scale deployment {} to {}: {}", v.name, wanted, e.getMessage());
        }
    }

    private void removeIdleSupersededBy(Version newer) {
        for (Version v : List.copyOf(versions.values())) {
            if (v != newer && newer.supersedes(v) && v.live() == 0) remove(v);
        }
    }

    /** Deletes a version's objects; its replicas end (stopped, not crashed: nobody counts them). */
    private void remove(Version v) {
        for (PodReplica r : List.copyOf(v.replicas)) {
            r.claimStop();
            r.exit(null, Optional.empty(), null);
            r.podName().ifPresent(p -> {
                byPod.remove(p);
                deletePod(p);
            });
        }
        versions.remove(v.name);
        deleteObjects(v.name);
    }

    private void deleteObjects(String name) {
        // The Secret is owned by the Deployment, and the pods by its ReplicaSets: the garbage collector would remove
        // them; deleting the Secret too leaves nothing behind where no collector runs.
        try {
            client.apps().deployments().inNamespace(settings.namespace()).withName(name).delete();
            client.secrets().inNamespace(settings.namespace()).withName(name).delete();
            LOG.info("deleted deployment {}/{} and its secret", settings.namespace(), name);
        } catch (KubernetesClientException e) {
            LOG.warn("cannot delete deployment {}: {}", name, e.getMessage());
        }
    }

    private void deletePod(String name) {
        try {
            client.pods().inNamespace(settings.namespace()).withName(name)
                    .withGracePeriod(settings.stopGrace().toSeconds()).delete();
        } catch (KubernetesClientException e) {
            LOG.warn("cannot delete pod {}: {}", name, e.getMessage());
        }
    }

    private String readLog(String pod, int lines) {
        try {
            String log = client.pods().inNamespace(settings.namespace()).withName(pod).tailingLines(lines).getLog();
            return log == null ? "" : log;
        } catch (KubernetesClientException e) {
            return "cannot read the log of pod " + pod + ": " + e.getMessage();
        }
    }

    /** A request Kubernetes rejects as invalid or forbidden fails the endpoint with its words; others are retried. */
    private static RuntimeException refusedOrTransient(String what, KubernetesClientException e) {
        if (e.getCode() == 422 || e.getCode() == 403 || e.getCode() == 400) {
            String why = e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage() : e.getMessage();
            return new IllegalArgumentException("Kubernetes refused " + what + ": " + why, e);
        }
        return e;
    }

    private static int replicasOf(Deployment d) {
        return d.getSpec() == null || d.getSpec().getReplicas() == null ? 0 : d.getSpec().getReplicas();
    }

    private static Map<String, String> annotations(Deployment d) {
        return d.getMetadata().getAnnotations() == null ? Map.of() : d.getMetadata().getAnnotations();
    }

    private void notifyAll(List<PodReplica> changed) {
        for (PodReplica r : changed) {
            try {
                listener.changed(r);
            } catch (RuntimeException e) {
                LOG.warn("replica listener failed for {}", r.replicaId(), e);
            }
        }
    }
}
