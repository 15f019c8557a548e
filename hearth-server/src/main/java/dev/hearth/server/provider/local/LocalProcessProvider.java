package dev.hearth.server.provider.local;

import dev.hearth.server.provider.Replica;
import dev.hearth.server.provider.ReplicaLaunch;
import dev.hearth.server.provider.ReplicaListener;
import dev.hearth.server.provider.ReplicaProvider;
import dev.hearth.server.provider.ReplicaRecord;
import dev.hearth.server.provider.ReplicaRecords;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs each replica as a worker process on this machine, listening on {@code settings.host()} and a free port.
 *
 * <p>Invariants:
 * <ul>
 *   <li>A worker's {@link ReplicaRecord} is saved before {@link #start} returns; if saving fails the worker is killed,
 *       so a started worker is either recorded or (after a crash between spawn and save) an orphan that
 *       {@link #recover} finds by its labels and stops.</li>
 *   <li>A worker's environment is built from scratch: the allowed part of the server's ({@link ReplicaEnvironment}),
 *       the launch's own, {@code PORT}, {@code API_KEY} and the labels. {@code HEARTH_ADMIN_TOKEN} never reaches it.</li>
 *   <li>Every worker is started with {@code API_KEY} = {@link ReplicaKeys#keyFor} its replica id, and the replica
 *       reports that key as {@link Replica#apiKey()}; an adopted worker's key is derived again, never stored.</li>
 *   <li>Workers are labelled in their environment with {@code HEARTH_REPLICA_ID} and {@code HEARTH_INSTALLATION}
 *       (the absolute logs folder). Orphan hunting only touches processes of this installation, so two installations,
 *       or tests running side by side, never stop each other's workers.</li>
 *   <li>Workers outlive the control plane: they are not killed with it (and run in their own session when
 *       {@code setsid} exists, so a terminal's Ctrl-C aimed at the server does not reach them). {@link #close} only
 *       stops watching.</li>
 *   <li>Listeners are called on watcher threads, never while a lock is held, and their exceptions are logged, not
 *       propagated. Calls may arrive out of order; read {@link Replica#health()} for the current state.</li>
 * </ul>
 */
public final class LocalProcessProvider implements ReplicaProvider {

    private static final Logger LOG = LoggerFactory.getLogger(LocalProcessProvider.class);

    /** Exit code reported when a command cannot be executed at all, as shells do. */
    static final int NOT_EXECUTABLE = 127;

    /**
     * @param startingPollInterval how often the health route is polled until it first answers 200
     * @param readyPollInterval    how often it is polled afterwards
     * @param unhealthyAfter       consecutive non-200 answers that turn a READY replica UNHEALTHY
     * @param stopGrace            time between SIGTERM and SIGKILL
     * @param host                 address workers listen on and are reached at
     * @param httpTimeout          connect and response timeout of one health probe
     * @param newSession           start workers in their own session via {@code setsid}, when available
     */
    public record Settings(Duration startingPollInterval, Duration readyPollInterval, int unhealthyAfter,
                           Duration stopGrace, String host, Duration httpTimeout, boolean newSession) {

        public Settings {
            requirePositive(startingPollInterval, "startingPollInterval");
            requirePositive(readyPollInterval, "readyPollInterval");
            requirePositive(httpTimeout, "httpTimeout");
            Objects.requireNonNull(stopGrace, "stopGrace");
            Objects.requireNonNull(host, "host");
            if (unhealthyAfter < 1 || stopGrace.isNegative()) {
                throw new IllegalArgumentException("unhealthyAfter must be ≥ 1 and stopGrace ≥ 0");
            }
        }

        public static Settings defaults() {
            return new Settings(Duration.ofMillis(100), Duration.ofSeconds(1), 3, Duration.ofSeconds(10),
                    "127.0.0.1", Duration.ofSeconds(2), true);
        }

        public Settings withStopGrace(Duration grace) {
            return new Settings(startingPollInterval, readyPollInterval, unhealthyAfter, grace, host, httpTimeout,
                    newSession);
        }

        private static void requirePositive(Duration d, String name) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive");
            }
        }
    }

    private final Path logsDir;
    private final ReplicaRecords records;
    private final ReplicaListener listener;
    private final Settings settings;
    private final String installation;
    private final WorkerLauncher launcher;
    private final HttpClient http;
    private final Events events = new Events();
    /** Replicas this instance started or adopted and has not seen exit. */
    private final Map<String, LocalReplica> live = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /**
     * @param logsDir           where worker logs go ({@code <namespace>/<name>/<replicaId>.log}); its absolute path
     *                          also identifies this installation in the workers' labels
     * @param serverEnvironment the control plane's environment (read once by the composition root); replicas get
     *                          only {@link ReplicaEnvironment}'s allowed part of it
     * @param keys              derives the key each replica requires from the gateway
     */
    public LocalProcessProvider(Path logsDir, ReplicaRecords records, ReplicaListener listener, Settings settings,
                                Map<String, String> serverEnvironment, ReplicaKeys keys) {
        this.logsDir = logsDir.toAbsolutePath().normalize();
        this.records = Objects.requireNonNull(records, "records");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.installation = this.logsDir.toString();
        this.launcher = new WorkerLauncher(this.logsDir, installation, settings.newSession(),
                Objects.requireNonNull(serverEnvironment, "serverEnvironment"), Objects.requireNonNull(keys, "keys"));
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.httpTimeout())
                .build();
    }

    @Override
    public Replica start(ReplicaLaunch launch) {
        if (closed) {
            throw new IllegalStateException("provider is closed");
        }
        String id = launch.replicaId();
        if (live.containsKey(id)) {
            throw new IllegalStateException("replica " + id + " is already running");
        }
        Path logFile = launcher.logFile(launch.endpoint(), id);
        String route = WorkerLauncher.normaliseRoute(launch.healthRoute());
        int port = FreePorts.pick(settings.host());
        URI address = URI.create("http://" + uriHost(settings.host()) + ":" + port);
        List<String> command = launch.command().stream()
                .map(a -> a.replace(ReplicaLaunch.PORT, Integer.toString(port)).replace(ReplicaLaunch.HOST, settings.host()))
                .toList();
        try {
            launcher.prepareLog(logFile);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the log folder of replica " + id, e);
        }
        Instant startedAt = Instant.now();
        Process process;
        try {
            process = launcher.spawn(launch, command, port, logFile);
        } catch (IOException e) {
            return notSpawned(launch, command, address, route, logFile, startedAt, e);
        }
        LocalReplica replica = LocalReplica.spawned(launch.endpoint(), id, launch.incarnation(), launch.specVersion(),
                address, route, logFile, startedAt, process, launcher.apiKey(id));
        try {
            records.save(new ReplicaRecord(id, launch.endpoint(), launch.incarnation(), launch.specVersion(),
                    process.pid(), port, route, logFile, startedAt));
        } catch (RuntimeException e) {
            process.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly(); // unrecorded, it would become an orphan
            throw e;
        }
        live.put(id, replica);
        LOG.info("started replica {} of {} (pid {}, port {}): {}", id, launch.endpoint(), process.pid(), port,
                command);
        watch(replica);
        return replica;
    }

    @Override
    public void stop(Replica replica) {
        if (!(replica instanceof LocalReplica local)) {
            throw new IllegalArgumentException("not a local replica: " + replica);
        }
        if (!local.claimStop()) {
            local.awaitStopped(); // another caller is stopping it (or has); idempotent
            return;
        }
        try {
            local.stopWatching();
            List<ProcessHandle> main = local.handle().filter(h -> !ProcessStopper.gone(h)).stream().toList();
            List<ProcessHandle> leftovers = labelled(local.replicaId());
            if (!main.isEmpty() || !leftovers.isEmpty()) {
                LOG.info("stopping replica {} (pid {})", local.replicaId(), pidText(local));
                terminate(main, leftovers, local.replicaId());
            }
            live.remove(local.replicaId(), local);
            deleteRecord(local.replicaId());
            boolean changed = local.markExited(exitCodeOf(local));
            LOG.info("stopped replica {} (pid {}, exit code {})", local.replicaId(), pidText(local),
                    local.exitCode().map(String::valueOf).orElse("unknown"));
            if (changed) {
                events.notifyListener(local);
            }
        } finally {
            local.stopCompleted();
        }
    }

    @Override
    public List<Replica> recover() {
        List<Replica> adopted = new ArrayList<>();
        for (ReplicaRecord record : records.all()) {
            LocalReplica known = live.get(record.replicaId());
            if (known != null) {
                adopted.add(known);
                continue;
            }
            Optional<ProcessHandle> process = ProcessHandle.of(record.pid())
                    .filter(handle -> !ProcessStopper.gone(handle))
                    .filter(handle -> ProcessLabels.isSameWorker(handle, record.replicaId(), record.startedAt()));
            if (process.isEmpty()) {
                // Gone, or the pid now belongs to another process: that one is not ours to stop.
                LOG.info("forgetting replica {}: pid {} is gone or is no longer its worker", record.replicaId(),
                        record.pid());
                deleteRecord(record.replicaId());
                continue;
            }
            URI address = URI.create("http://" + uriHost(settings.host()) + ":" + record.port());
            // Adopted with the incarnation it was launched for: the reconciler stops it if that one was deleted.
            LocalReplica replica = LocalReplica.adopted(record.endpoint(), record.replicaId(), record.incarnation(),
                    record.specVersion(), address, WorkerLauncher.normaliseRoute(record.healthRoute()),
                    record.logFile(), record.startedAt(), process.get(), launcher.apiKey(record.replicaId()));
            live.put(record.replicaId(), replica);
            LOG.info("adopted replica {} of {} (incarnation {}, pid {}, port {})", record.replicaId(),
                    record.endpoint(), record.incarnation(), record.pid(), record.port());
            watch(replica);
            adopted.add(replica);
        }
        stopOrphans();
        return List.copyOf(adopted);
    }

    @Override
    public void close() {
        closed = true;
        live.values().forEach(LocalReplica::stopWatching);
        http.shutdownNow();
        LOG.info("local provider closed; {} replicas keep running", live.size());
    }

    // ---- watching ----

    private void watch(LocalReplica replica) {
        // A child's exit is reported at once (with its code); the watcher also polls, which covers adopted replicas.
        // Async, so that an instant crash never calls the listener from inside start().
        replica.onChildExit().ifPresent(exit -> exit.thenRunAsync(
                () -> events.exited(replica, replica.exitCodeIfExited()),
                task -> Thread.ofVirtual().name("hearth-exit-" + replica.replicaId()).start(task)));
        replica.watchWith(HealthWatcher.start(replica, http, settings, events));
    }

    /** Callbacks from watcher threads. A separate class so that they are not public methods of the provider. */
    private final class Events implements HealthWatcher.Events {

        @Override
        public void healthChanged(LocalReplica replica) {
            LOG.debug("replica {} is {}", replica.replicaId(), replica.health());
            notifyListener(replica);
        }

        @Override
        public void exited(LocalReplica replica, Optional<Integer> exitCode) {
            if (closed || replica.stopClaimed()) {
                return; // stop() reports the exit itself; after close() a new provider owns the records
            }
            if (!replica.markExited(exitCode)) {
                return;
            }
            live.remove(replica.replicaId(), replica);
            deleteRecord(replica.replicaId());
            LOG.info("replica {} (pid {}) exited with code {}", replica.replicaId(), pidText(replica),
                    exitCode.map(String::valueOf).orElse("unknown"));
            notifyListener(replica);
            // Children a crashed worker left behind would run on unnoticed until the next restart.
            List<ProcessHandle> leftovers = labelled(replica.replicaId());
            if (!leftovers.isEmpty()) {
                LOG.info("stopping {} leftover processes of replica {}", leftovers.size(), replica.replicaId());
                terminate(leftovers, List.of(), replica.replicaId());
            }
        }

        @Override
        public boolean closed() {
            return closed;
        }

        void notifyListener(LocalReplica replica) {
            if (closed) {
                return;
            }
            try {
                listener.changed(replica);
            } catch (RuntimeException e) {
                LOG.warn("replica listener failed for {}", replica.replicaId(), e);
            }
        }
    }

    // ---- recovery ----

    private void stopOrphans() {
        if (!ProcessLabels.supported()) {
            LOG.info("skipping the orphan worker scan: no /proc on {}", System.getProperty("os.name"));
            return;
        }
        List<ProcessHandle> orphans = new ArrayList<>();
        for (ProcessLabels.Labelled labelled : ProcessLabels.scan(installation)) {
            if (!live.containsKey(labelled.replicaId())) {
                LOG.info("stopping orphan worker of replica {} (pid {})", labelled.replicaId(),
                        labelled.process().pid());
                orphans.add(labelled.process());
            }
        }
        if (!orphans.isEmpty()) {
            terminate(orphans, List.of(), "orphans");
        }
    }

    // ---- helpers ----

    /** Live processes carrying this replica's label: the worker and any children it started (Linux only). */
    private List<ProcessHandle> labelled(String replicaId) {
        if (!ProcessLabels.supported()) {
            return List.of();
        }
        return ProcessLabels.scan(installation).stream()
                .filter(l -> l.replicaId().equals(replicaId))
                .map(ProcessLabels.Labelled::process)
                .toList();
    }

    private void terminate(List<ProcessHandle> targets, List<ProcessHandle> alsoKill, String what) {
        try {
            if (!ProcessStopper.stop(targets, alsoKill, settings.stopGrace())) {
                LOG.warn("{} did not exit within {} of SIGTERM; killed", what, settings.stopGrace());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            targets.forEach(ProcessHandle::destroyForcibly);
            alsoKill.forEach(ProcessHandle::destroyForcibly);
        }
    }

    private static Optional<Integer> exitCodeOf(LocalReplica replica) {
        try {
            return replica.awaitExitCode(Duration.ofSeconds(1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** A command that cannot be executed at all ends like one that crashed at once, with the reason in its log. */
    private Replica notSpawned(ReplicaLaunch launch, List<String> command, URI address, String route, Path logFile,
                               Instant startedAt, IOException error) {
        LOG.warn("cannot start replica {}: {}", launch.replicaId(), error.getMessage());
        try {
            WorkerLauncher.appendLine(logFile, "hearth: cannot execute " + command + ": " + error.getMessage());
        } catch (IOException e) {
            LOG.warn("cannot write the log of replica {}", launch.replicaId(), e);
        }
        LocalReplica replica = LocalReplica.notSpawned(launch.endpoint(), launch.replicaId(), launch.incarnation(),
                launch.specVersion(), address, route, logFile, startedAt, NOT_EXECUTABLE,
                launcher.apiKey(launch.replicaId()));
        Thread.ofVirtual().start(() -> events.notifyListener(replica));
        return replica;
    }

    private static String uriHost(String host) {
        return host.contains(":") ? "[" + host + "]" : host;
    }

    private static String pidText(LocalReplica replica) {
        return replica.pid().isPresent() ? Long.toString(replica.pid().getAsLong()) : "-";
    }

    private void deleteRecord(String replicaId) {
        try {
            records.delete(replicaId);
        } catch (RuntimeException e) {
            // Harmless if it stays: recover() drops records whose process is gone.
            LOG.warn("cannot delete the record of replica {}", replicaId, e);
        }
    }
}
