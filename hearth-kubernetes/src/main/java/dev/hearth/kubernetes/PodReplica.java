package dev.hearth.kubernetes;

import dev.hearth.server.endpoint.EndpointId;
import dev.hearth.server.provider.Replica;
import dev.hearth.server.provider.ReplicaHealth;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * One replica of an endpoint version: a place in its Deployment's replica count, filled by a pod once Kubernetes
 * creates one and the provider binds it. Its health follows the bound pod's status (ready, IP), as the provider's
 * pod watch reports it.
 *
 * <p>Transitions as {@link ReplicaHealth} says: STARTING (no pod yet, or a pod not ready) → READY ⇄ UNHEALTHY, and
 * any → EXITED (the pod failed or went away, or the replica was stopped), which is final.
 */
final class PodReplica implements Replica {

    /** Reads a pod's log; answers the reason in words when it cannot. */
    interface LogReader {
        String tail(String pod, int lines);
    }

    /** How long a one-line log read is reused: the reconciler asks every pass while a replica starts. */
    private static final Duration LINE_CACHE = Duration.ofSeconds(2);

    private final EndpointId endpoint;
    private final String replicaId;
    private final String incarnation;
    private final long specVersion;
    private final String deployment;
    private final int port;
    private final Instant startedAt;
    private final Optional<String> apiKey;
    private final String keyName;
    private final LogReader logs;

    private PodFacts pod;
    private ReplicaHealth health = ReplicaHealth.STARTING;
    private Instant readyAt;
    private String exitReason;
    private Integer exitCode;
    private String finalLog;
    private boolean stopClaimed;
    private String cachedLine;
    private Instant cachedAt = Instant.EPOCH;

    PodReplica(EndpointId endpoint, String replicaId, String incarnation, long specVersion, String deployment, int port,
               Instant startedAt, Optional<String> apiKey, String keyName, LogReader logs) {
        this.endpoint = endpoint;
        this.replicaId = replicaId;
        this.incarnation = incarnation;
        this.specVersion = specVersion;
        this.deployment = deployment;
        this.port = port;
        this.startedAt = startedAt;
        this.apiKey = apiKey;
        this.keyName = keyName;
        this.logs = logs;
    }

    String deployment() {
        return deployment;
    }

    synchronized Optional<String> podName() {
        return pod == null ? Optional.empty() : Optional.of(pod.name());
    }

    synchronized boolean bound() {
        return pod != null;
    }

    /** Takes the bound pod's latest status; true when the health changed. */
    synchronized boolean observe(PodFacts facts) {
        pod = facts;
        if (health == ReplicaHealth.EXITED) return false;
        ReplicaHealth next;
        if (facts.ready() && facts.ip() != null) next = ReplicaHealth.READY;
        else if (health == ReplicaHealth.READY || health == ReplicaHealth.UNHEALTHY) next = ReplicaHealth.UNHEALTHY;
        else next = ReplicaHealth.STARTING;
        if (next == ReplicaHealth.READY && readyAt == null) readyAt = Instant.now();
        boolean changed = next != health;
        health = next;
        return changed;
    }

    /** Ends the replica; true when it was not ended yet. {@code log} is what it said last, kept after the pod goes. */
    synchronized boolean exit(String reason, Optional<Integer> code, String log) {
        if (health == ReplicaHealth.EXITED) return false;
        health = ReplicaHealth.EXITED;
        exitReason = reason;
        exitCode = code.orElse(null);
        finalLog = log;
        return true;
    }

    /** The first caller wins: only it stops the replica. */
    synchronized boolean claimStop() {
        if (stopClaimed) return false;
        stopClaimed = true;
        return true;
    }

    synchronized boolean stopClaimed() {
        return stopClaimed;
    }

    synchronized boolean live() {
        return health != ReplicaHealth.EXITED && !stopClaimed;
    }

    @Override
    public EndpointId endpoint() {
        return endpoint;
    }

    @Override
    public String replicaId() {
        return replicaId;
    }

    @Override
    public String incarnation() {
        return incarnation;
    }

    @Override
    public long specVersion() {
        return specVersion;
    }

    @Override
    public synchronized URI address() {
        String host = pod == null || pod.ip() == null ? "unassigned.invalid" : pod.ip();
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port);
    }

    @Override
    public Optional<String> apiKey() {
        return apiKey;
    }

    /** Every replica of a Deployment shares its key, derived from the Deployment's name (see KubernetesProvider). */
    @Override
    public String keyName() {
        return keyName;
    }

    @Override
    public synchronized ReplicaHealth health() {
        return health;
    }

    @Override
    public synchronized Optional<Integer> exitCode() {
        return Optional.ofNullable(exitCode);
    }

    @Override
    public synchronized Optional<String> exitReason() {
        return Optional.ofNullable(exitReason);
    }

    @Override
    public Instant startedAt() {
        return startedAt;
    }

    @Override
    public synchronized Optional<Instant> readyAt() {
        return Optional.ofNullable(readyAt);
    }

    /** Not a file: a pod's log lives in the cluster ({@link #logTail} reads it through the pod log API). */
    @Override
    public Path logFile() {
        return Path.of("kubernetes", "pods", deployment);
    }

    @Override
    public String logTail(int lines) {
        PodFacts facts;
        synchronized (this) {
            if (finalLog != null) return finalLog;
            if (pod == null) return "waiting for Kubernetes to create a pod of deployment " + deployment;
            if (!pod.hasLog()) return pod.phaseLine();
            if (lines <= 1 && cachedLine != null && cachedAt.plus(LINE_CACHE).isAfter(Instant.now())) return cachedLine;
            facts = pod;
        }
        String text = logs.tail(facts.name(), lines); // outside the lock: an HTTP call
        if (lines <= 1) {
            synchronized (this) {
                cachedLine = text;
                cachedAt = Instant.now();
            }
        }
        return text;
    }

    @Override
    public String toString() {
        return "PodReplica[" + replicaId + ", " + deployment + ", " + health() + "]";
    }
}
