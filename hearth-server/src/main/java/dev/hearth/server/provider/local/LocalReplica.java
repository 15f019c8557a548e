package dev.hearth.server.provider.local;

import dev.hearth.server.endpoint.EndpointId;
import dev.hearth.server.provider.Replica;
import dev.hearth.server.provider.ReplicaHealth;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A worker process on this machine: either started by this provider ({@link #process} present, exit code known) or
 * adopted after a restart (only a {@link ProcessHandle}, exit code unknown), or one whose command could not be spawned
 * (neither; born {@link ReplicaHealth#EXITED}).
 *
 * <p>Health follows STARTING → READY ⇄ UNHEALTHY and any → EXITED; EXITED is final. Transition methods return whether
 * they changed anything, so callers notify listeners exactly once per change, after the lock is released.
 */
final class LocalReplica implements Replica {

    private final EndpointId endpoint;
    private final String replicaId;
    private final String incarnation;
    private final long specVersion;
    private final URI address;
    private final String healthRoute;
    private final Path logFile;
    private final Instant startedAt;
    private final Process process; // null when adopted or never spawned
    private final ProcessHandle handle; // null when never spawned
    private final String apiKey;

    private final Object lock = new Object();
    private ReplicaHealth health; // guarded by lock
    private Integer exitCode; // guarded by lock
    private Instant readyAt; // guarded by lock

    private final AtomicBoolean stopClaimed = new AtomicBoolean();
    private final CompletableFuture<Void> stopped = new CompletableFuture<>();
    private volatile Thread watcher;

    private LocalReplica(EndpointId endpoint, String replicaId, String incarnation, long specVersion, URI address, String healthRoute,
                         Path logFile, Instant startedAt, Process process, ProcessHandle handle,
                         ReplicaHealth health, Integer exitCode, String apiKey) {
        this.endpoint = endpoint;
        this.replicaId = replicaId;
        this.incarnation = incarnation;
        this.specVersion = specVersion;
        this.address = address;
        this.healthRoute = healthRoute;
        this.logFile = logFile;
        this.startedAt = startedAt;
        this.process = process;
        this.handle = handle;
        this.health = health;
        this.exitCode = exitCode;
        this.apiKey = apiKey;
    }

    static LocalReplica spawned(EndpointId endpoint, String replicaId, String incarnation, long specVersion, URI address,
                                String healthRoute, Path logFile, Instant startedAt, Process process, String apiKey) {
        return new LocalReplica(endpoint, replicaId, incarnation, specVersion, address, healthRoute, logFile, startedAt,
                process, process.toHandle(), ReplicaHealth.STARTING, null, apiKey);
    }

    static LocalReplica adopted(EndpointId endpoint, String replicaId, String incarnation, long specVersion, URI address,
                                String healthRoute, Path logFile, Instant startedAt, ProcessHandle handle,
                                String apiKey) {
        return new LocalReplica(endpoint, replicaId, incarnation, specVersion, address, healthRoute, logFile, startedAt,
                null, handle, ReplicaHealth.STARTING, null, apiKey);
    }

    static LocalReplica notSpawned(EndpointId endpoint, String replicaId, String incarnation, long specVersion, URI address,
                                   String healthRoute, Path logFile, Instant startedAt, int exitCode,
                                   String apiKey) {
        return new LocalReplica(endpoint, replicaId, incarnation, specVersion, address, healthRoute, logFile, startedAt,
                null, null, ReplicaHealth.EXITED, exitCode, apiKey);
    }

    @Override public EndpointId endpoint() { return endpoint; }
    @Override public Optional<String> apiKey() { return Optional.of(apiKey); }
    @Override public String replicaId() { return replicaId; }
    @Override public String incarnation() { return incarnation; }
    @Override public long specVersion() { return specVersion; }
    @Override public URI address() { return address; }
    @Override public Instant startedAt() { return startedAt; }
    @Override public Path logFile() { return logFile; }

    @Override
    public ReplicaHealth health() {
        synchronized (lock) {
            return health;
        }
    }

    @Override
    public Optional<Integer> exitCode() {
        synchronized (lock) {
            return Optional.ofNullable(exitCode);
        }
    }

    @Override
    public Optional<Instant> readyAt() {
        synchronized (lock) {
            return Optional.ofNullable(readyAt);
        }
    }

    @Override
    public String logTail(int lines) {
        return LogTail.read(logFile, lines);
    }

    /** The worker's pid; empty when its command could not be spawned. */
    OptionalLong pid() {
        return handle == null ? OptionalLong.empty() : OptionalLong.of(handle.pid());
    }

    String healthRoute() { return healthRoute; }

    Optional<ProcessHandle> handle() { return Optional.ofNullable(handle); }

    /** The exit code if the process has exited and it was our child; empty otherwise. */
    Optional<Integer> exitCodeIfExited() {
        return process != null && !process.isAlive() ? Optional.of(process.exitValue()) : Optional.empty();
    }

    /** Waits for our own child's exit code; empty for adopted replicas or if it does not exit in time. */
    Optional<Integer> awaitExitCode(Duration timeout) throws InterruptedException {
        if (process == null || !process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            return Optional.empty();
        }
        return Optional.of(process.exitValue());
    }

    /** Whether the process is gone. For our own child ask the {@link Process}: it is reaped, never a zombie. */
    boolean processGone() {
        if (process != null) {
            return !process.isAlive();
        }
        return handle == null || ProcessStopper.gone(handle);
    }

    /** Completes when our own child exits; empty for adopted replicas (their exit is found by polling). */
    Optional<CompletableFuture<Process>> onChildExit() {
        return process == null ? Optional.empty() : Optional.of(process.onExit());
    }

    boolean markReady(Instant now) {
        synchronized (lock) {
            if (health != ReplicaHealth.STARTING && health != ReplicaHealth.UNHEALTHY) {
                return false;
            }
            health = ReplicaHealth.READY;
            if (readyAt == null) {
                readyAt = now;
            }
            return true;
        }
    }

    boolean markUnhealthy() {
        synchronized (lock) {
            if (health != ReplicaHealth.READY) {
                return false;
            }
            health = ReplicaHealth.UNHEALTHY;
            return true;
        }
    }

    boolean markExited(Optional<Integer> code) {
        synchronized (lock) {
            if (health == ReplicaHealth.EXITED) {
                return false;
            }
            health = ReplicaHealth.EXITED;
            exitCode = code.orElse(null);
            return true;
        }
    }

    /** True for the one caller that gets to stop this replica; later callers wait with {@link #awaitStopped}. */
    boolean claimStop() {
        return stopClaimed.compareAndSet(false, true);
    }

    boolean stopClaimed() {
        return stopClaimed.get();
    }

    void stopCompleted() {
        stopped.complete(null);
    }

    void awaitStopped() {
        stopped.join();
    }

    void watchWith(Thread thread) {
        watcher = thread;
    }

    /**
     * Ends the watcher. Not by interrupting the calling thread: a listener may call stop() on the watcher's own thread,
     * and an interrupt there would cut stop()'s grace short; the watcher sees the claimed stop and ends by itself.
     */
    void stopWatching() {
        Thread thread = watcher;
        if (thread != null && thread != Thread.currentThread()) {
            thread.interrupt();
        }
    }

    @Override
    public String toString() {
        return "LocalReplica[" + replicaId + ", pid " + (handle == null ? "-" : handle.pid()) + ", " + address
                + ", " + health() + "]";
    }
}
