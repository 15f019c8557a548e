package dev.hearth.server.it;

import dev.hearth.server.endpoint.EndpointId;
import dev.hearth.server.endpoint.EndpointService;
import dev.hearth.server.store.EndpointRepository;
import dev.hearth.server.store.Store;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** kill -9 of the control plane loses nothing and leaves no orphan: a restart adopts or stops every worker. */
class CrashRecoveryTest {

    @TempDir Path home;
    final List<Process> started = new ArrayList<>();

    @AfterEach
    void cleanUp() {
        started.forEach(Process::destroyForcibly);
        ControlPlane.replicaProcesses("alice.").forEach(ProcessHandle::destroyForcibly);
        ControlPlane.replicaProcesses("ghost.").forEach(ProcessHandle::destroyForcibly);
    }

    Process server(int port) throws IOException {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-Xss8m", "-cp", System.getProperty("java.class.path"),
                ServerProcess.class.getName(), home.toString(), Integer.toString(port))
                .redirectErrorStream(true).redirectOutput(home.resolve("server-" + started.size() + ".log").toFile()).start();
        started.add(p);
        return p;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void afterKill9TheRestartedServerAdoptsRunningWorkersStopsOrphansAndKeepsEveryEndpoint() throws Exception {
        int port = freePort();
        Path model = ControlPlane.model(home);
        ControlPlane.Client api = new ControlPlane.Client("http://127.0.0.1:" + port, ControlPlane.ADMIN);
        Process first = server(port);
        await().atMost(Duration.ofSeconds(60)).ignoreException(java.io.UncheckedIOException.class)
                .until(() -> api.get("/health").status() == 200);

        api.post("/v2/endpoint/alice", ControlPlane.createBody("survivor", model, 1, 1, "public"));
        api.post("/v2/endpoint/alice", ControlPlane.createBody("sleeper", model, 1, 1, "public"));
        String url = EndpointLifecycleTestSupport.waitUntilRunning(api, "survivor");
        EndpointLifecycleTestSupport.waitUntilRunning(api, "sleeper");
        api.post("/v2/endpoint/alice/sleeper/pause", null);
        await().atMost(Duration.ofSeconds(20)).until(() -> ControlPlane.replicaProcesses("alice.sleeper.").isEmpty());
        long worker = ControlPlane.replicaProcesses("alice.survivor.").getFirst().pid();

        first.destroyForcibly(); // SIGKILL: no shutdown hook runs
        assertThat(first.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(ProcessHandle.of(worker)).get().matches(ProcessHandle::isAlive, "the worker outlives the control plane");

        // A labelled process nobody recorded, as if the server died between spawning it and saving its record.
        Process ghost = new ProcessBuilder("sleep", "300").start();
        started.add(ghost);
        ProcessBuilder labelled = new ProcessBuilder("sleep", "300");
        labelled.environment().put("HEARTH_REPLICA_ID", "alice.ghost.1");
        labelled.environment().put("HEARTH_INSTALLATION", home.resolve("logs").toAbsolutePath().toString());
        Process orphan = labelled.start();
        started.add(orphan);

        server(port);
        await().atMost(Duration.ofSeconds(60)).ignoreException(java.io.UncheckedIOException.class)
                .until(() -> api.get("/health").status() == 200);

        EndpointLifecycleTestSupport.waitUntilRunning(api, "survivor");
        assertThat(ControlPlane.replicaProcesses("alice.survivor.")).extracting(ProcessHandle::pid).containsExactly(worker);
        assertThat(api.post(url + "/generate", "{\"inputs\":\"hi\",\"parameters\":{\"max_new_tokens\":2}}").status()).isEqualTo(200);
        // The adopted worker still requires its key, which the restarted gateway derived again.
        String direct = "http://127.0.0.1:" + ControlPlane.replicaPort(ProcessHandle.of(worker).orElseThrow());
        assertThat(api.as(null).post(direct + "/generate", "{\"inputs\":\"hi\",\"parameters\":{\"max_new_tokens\":2}}").status())
                .isEqualTo(401);
        assertThat(api.get("/v2/endpoint/alice/sleeper").state()).isEqualTo("paused");
        assertThat(ControlPlane.replicaProcesses("alice.sleeper.")).isEmpty();
        await().atMost(Duration.ofSeconds(20)).until(() -> !orphan.isAlive());
        assertThat(ghost.isAlive()).as("an unlabelled process is left alone").isTrue();

        api.delete("/v2/endpoint/alice/survivor");
        await().atMost(Duration.ofSeconds(20)).until(() -> !ProcessHandle.of(worker).map(ProcessHandle::isAlive).orElse(false));
    }

    @Test
    void afterKill9ARestartAdoptsTheCurrentIncarnationsReplicasAndStopsThoseOfADeletedOne() throws Exception {
        int port = freePort();
        ControlPlane.Client api = new ControlPlane.Client("http://127.0.0.1:" + port, ControlPlane.ADMIN);
        Process first = server(port);
        await().atMost(Duration.ofSeconds(60)).ignoreException(java.io.UncheckedIOException.class)
                .until(() -> api.get("/health").status() == 200);
        api.post("/v2/endpoint/alice", ControlPlane.sleeperBody("keeper", "kept"));
        api.post("/v2/endpoint/alice", ControlPlane.sleeperBody("phoenix", "first"));
        await().atMost(Duration.ofSeconds(20)).until(() -> ConcurrentChangesTest.marks("alice.keeper.").equals(List.of("kept"))
                && ConcurrentChangesTest.marks("alice.phoenix.").equals(List.of("first")));
        long kept = ControlPlane.replicaProcesses("alice.keeper.").getFirst().pid();
        long old = ControlPlane.replicaProcesses("alice.phoenix.").getFirst().pid();

        first.destroyForcibly();
        assertThat(first.waitFor(10, TimeUnit.SECONDS)).isTrue();
        // The API answered a delete and a re-create of phoenix, and the server died before any pass saw them.
        EndpointService api2 = new EndpointService(new EndpointRepository(Store.open(home.resolve("hearth.db")),
                dev.hearth.server.store.SecretBox.forHome(home, java.util.Optional.empty())), spec -> {},
                new dev.hearth.server.endpoint.CustomCommands(true), new dev.hearth.server.endpoint.ModelFolders(List.of()),
                () -> {}, Clock.systemUTC());
        api2.delete(new EndpointId("alice", "phoenix"));
        api2.create(new dev.hearth.server.auth.Principal("alice", true), "alice",
                ControlPlane.JSON.readTree(ControlPlane.sleeperBody("phoenix", "second")));

        server(port);
        await().atMost(Duration.ofSeconds(60)).ignoreException(java.io.UncheckedIOException.class)
                .until(() -> api.get("/health").status() == 200);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(ConcurrentChangesTest.marks("alice.phoenix.")).as("MARK of phoenix's replicas").containsExactly("second");
            assertThat(ProcessHandle.of(old).map(ProcessHandle::isAlive).orElse(false)).as("the deleted one's replica").isFalse();
        });
        assertThat(ControlPlane.replicaProcesses("alice.keeper.")).extracting(ProcessHandle::pid).containsExactly(kept);
        api.delete("/v2/endpoint/alice/keeper");
        api.delete("/v2/endpoint/alice/phoenix");
        await().atMost(Duration.ofSeconds(20)).until(() -> ControlPlane.replicaProcesses("alice.").isEmpty());
    }

}
