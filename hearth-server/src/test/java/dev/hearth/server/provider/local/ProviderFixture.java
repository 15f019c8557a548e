package dev.hearth.server.provider.local;

import dev.hearth.server.endpoint.EndpointId;
import dev.hearth.server.provider.Replica;
import dev.hearth.server.provider.ReplicaHealth;
import dev.hearth.server.provider.ReplicaLaunch;
import dev.hearth.server.provider.ReplicaListener;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Shared set-up for the provider tests: real worker processes ({@link TestWorker} on this JVM's {@code java}), an
 * in-memory record store, a listener that records what it is told, and clean-up that kills every process a test
 * started, including the ones the provider started (found by this test's installation label).
 */
final class ProviderFixture implements AutoCloseable {

    static final EndpointId ENDPOINT = new EndpointId("alice", "my-endpoint");

    static final String INCARNATION = "0123456789abcdef";

    static final LocalProcessProvider.Settings SETTINGS = new LocalProcessProvider.Settings(
            Duration.ofMillis(50), Duration.ofMillis(100), 3, Duration.ofSeconds(5), "127.0.0.1",
            Duration.ofSeconds(1), true);

    /** What a listener was told: the replica and its health at the time of the call. */
    record Event(String replicaId, ReplicaHealth health) {}

    /** The test JVM's environment stands in for the control plane's; tests of the allow-list pass their own. */
    static final Map<String, String> SERVER_ENV = System.getenv();

    final Path logsDir;
    /** The installation secret; each provider reads it afresh, as a restarted control plane does. */
    final Path keyFile;
    final InMemoryRecords records = new InMemoryRecords();
    final List<Event> events = new CopyOnWriteArrayList<>();
    final ReplicaListener listener = replica -> events.add(new Event(replica.replicaId(), replica.health()));
    private final List<LocalProcessProvider> providers = new ArrayList<>();
    private final List<Process> processes = new ArrayList<>();

    ProviderFixture(Path logsDir) {
        this.logsDir = logsDir;
        this.keyFile = logsDir.resolve("replica-keys.secret");
    }

    LocalProcessProvider provider() {
        return provider(SETTINGS);
    }

    LocalProcessProvider provider(LocalProcessProvider.Settings settings) {
        return provider(settings, listener, SERVER_ENV);
    }

    /** A provider whose control plane has {@code serverEnvironment} as its environment. */
    LocalProcessProvider provider(Map<String, String> serverEnvironment) {
        return provider(SETTINGS, listener, serverEnvironment);
    }

    LocalProcessProvider provider(LocalProcessProvider.Settings settings, ReplicaListener listener,
                                  Map<String, String> serverEnvironment) {
        LocalProcessProvider provider = new LocalProcessProvider(logsDir, records, listener, settings,
                serverEnvironment, ReplicaKeys.open(keyFile));
        providers.add(provider);
        return provider;
    }

    static ReplicaLaunch workerLaunch(String replicaId, Map<String, String> env) {
        List<String> command = List.of(javaBinary(), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto",
                "-cp", testClasses(), TestWorker.class.getName(), "--port={port}");
        return new ReplicaLaunch(ENDPOINT, INCARNATION, replicaId, 1, command, env, "/health");
    }

    static ReplicaLaunch commandLaunch(String replicaId, List<String> command) {
        return new ReplicaLaunch(ENDPOINT, INCARNATION, replicaId, 1, command, Map.of(), "/health");
    }

    /** Starts a process the test owns (not through the provider); killed at clean-up. */
    Process spawn(Map<String, String> env, String... command) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().putAll(env);
        Process process = builder.start();
        processes.add(process);
        return process;
    }

    String installation() {
        return logsDir.toAbsolutePath().normalize().toString();
    }

    List<ReplicaHealth> healthEvents(Replica replica) {
        return events.stream().filter(e -> e.replicaId().equals(replica.replicaId())).map(Event::health).toList();
    }

    @Override
    public void close() {
        providers.forEach(LocalProcessProvider::close);
        for (Process process : processes) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
        records.all().forEach(r -> ProcessHandle.of(r.pid()).ifPresent(ProcessHandle::destroyForcibly));
        if (ProcessLabels.supported()) {
            ProcessLabels.scan(installation()).forEach(l -> l.process().destroyForcibly());
        }
    }

    static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static String testClasses() {
        try {
            return Path.of(TestWorker.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
