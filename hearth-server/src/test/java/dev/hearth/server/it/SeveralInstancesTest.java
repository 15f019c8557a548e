package dev.hearth.server.it;

import dev.hearth.testkit.EmbeddedPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two control-plane processes on one real PostgreSQL (and one home, as the local provider needs): both serve the
 * API and the gateway, one leads; kill -9 of the leader hands the leadership to the other, which adopts the
 * replicas, while requests through it keep being served.
 */
class SeveralInstancesTest {

    @TempDir Path home;
    final List<Process> started = new ArrayList<>();

    @AfterEach
    void cleanUp() {
        started.forEach(Process::destroyForcibly);
        ControlPlane.replicaProcesses("alice.", home).forEach(ProcessHandle::destroyForcibly);
    }

    @Test
    void theOtherInstanceTakesOverWithin15SecondsOfTheLeadersKillAdoptsItsReplicasAndKeepsServing() throws Exception {
        String database = EmbeddedPostgres.shared().newDatabase();
        Path model = ControlPlane.model(home);
        int portA = freePort();
        int portB = freePort();
        ControlPlane.Client a = new ControlPlane.Client("http://127.0.0.1:" + portA, ControlPlane.ADMIN);
        ControlPlane.Client b = new ControlPlane.Client("http://127.0.0.1:" + portB, ControlPlane.ADMIN);
        // The first start creates the home's keys; the second instance starts once they exist.
        Process first = server(portA, database);
        awaitHealthy(a);
        Process second = server(portB, database);
        awaitHealthy(b);
        await().atMost(Duration.ofSeconds(30)).until(() -> leader(database) != null);
        assertThat(leader(database)).as("the first instance leads").endsWith("/" + first.pid());

        // A dashboard on the follower B: its event stream hears what A and A's reconciler write.
        LogStreamTest.Events eventsOnB = new LogStreamTest.Events(stream(portB, "/v2/events?namespace=alice"));
        assertThat(eventsOnB.connected.await(30, TimeUnit.SECONDS)).isTrue();

        // Created through A, routed through B; created through B, routed through A.
        assertThat(a.post("/v2/endpoint/alice", ControlPlane.createBody("one", model, 1, 1, "public")).status()).isEqualTo(202);
        assertThat(b.post("/v2/endpoint/alice", ControlPlane.createBody("two", model, 1, 1, "public")).status()).isEqualTo(202);
        EndpointLifecycleTestSupport.waitUntilRunning(a, "one");
        EndpointLifecycleTestSupport.waitUntilRunning(b, "two");
        await().atMost(Duration.ofSeconds(10)).until(() -> generate(b, "one") == 200 && generate(a, "two") == 200);
        await().atMost(Duration.ofSeconds(30)).until(() -> eventsOnB.of("endpoint").stream().anyMatch(e ->
                e.get("name").asText().equals("one") && e.at("/status/state").asText().equals("running")));
        // ...and its log stream follows A's replica from the files of the shared home, from the first line.
        LogStreamTest.Events logsOnB = new LogStreamTest.Events(stream(portB, "/v2/endpoint/alice/one/logs/stream"));
        await().atMost(Duration.ofSeconds(30)).until(() -> logsOnB.of("replica").size() == 1
                && logsOnB.logOf(logsOnB.of("replica").getFirst().get("replica").asText()).contains("serving "));
        long workerOne = onlyReplica("one");
        long workerTwo = onlyReplica("two");

        // Requests through B all through the takeover.
        Map<Integer, Integer> statuses = new ConcurrentHashMap<>();
        AtomicBoolean loading = new AtomicBoolean(true);
        Thread load = Thread.ofVirtual().start(() -> {
            while (loading.get()) {
                statuses.merge(generate(b, "one"), 1, Integer::sum);
                statuses.merge(generate(b, "two"), 1, Integer::sum);
            }
        });

        long killedAt = System.nanoTime();
        first.destroyForcibly(); // SIGKILL: no shutdown hook, the lock's session just drops
        assertThat(first.waitFor(10, TimeUnit.SECONDS)).isTrue();
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(50))
                .until(() -> String.valueOf(leader(database)).endsWith("/" + second.pid()));
        double takeover = (System.nanoTime() - killedAt) / 1e9;
        System.out.printf("takeover after kill -9 of the leader: %.2f s%n", takeover);
        assertThat(takeover).isLessThan(15.0);

        Thread.sleep(2_000); // the new leader's first passes, with the adopted replicas
        loading.set(false);
        load.join();
        assertThat(statuses).as("every request through the surviving instance during the takeover").containsOnlyKeys(200);

        // Adopted: the same processes, none doubled, every endpoint still there and running.
        assertThat(onlyReplica("one")).isEqualTo(workerOne);
        assertThat(onlyReplica("two")).isEqualTo(workerTwo);
        assertThat(b.get("/v2/endpoint/alice").json().path("items")).extracting(i -> i.get("name").asText())
                .containsExactlyInAnyOrder("one", "two");
        assertThat(b.get("/v2/endpoint/alice/one").state()).isEqualTo("running");
        assertThat(b.get("/v2/endpoint/alice/two").state()).isEqualTo("running");

        // The new leader reconciles: a pause through it stops the replica; a delete removes the other.
        assertThat(b.post("/v2/endpoint/alice/two/pause", null).status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> ControlPlane.replicaProcesses("alice.two.", home).isEmpty());
        assertThat(b.delete("/v2/endpoint/alice/one").status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> ControlPlane.replicaProcesses("alice.one.", home).isEmpty());
        assertThat(generate(b, "one")).isEqualTo(404);
    }

    private static int generate(ControlPlane.Client via, String name) {
        try {
            return via.post("/endpoints/alice/" + name + "/generate",
                    "{\"inputs\":\"hi\",\"parameters\":{\"max_new_tokens\":1}}").status();
        } catch (RuntimeException e) {
            return -1;
        }
    }

    private long onlyReplica(String name) {
        List<ProcessHandle> replicas = ControlPlane.replicaProcesses("alice." + name + ".", home);
        assertThat(replicas).as("replicas of " + name).hasSize(1);
        return replicas.getFirst().pid();
    }

    /** The instance named by the leader's latest publication of its routing table (host:port/pid). */
    private static String leader(String database) throws SQLException {
        try (Connection c = DriverManager.getConnection(database); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT leader FROM routing WHERE id = 1")) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    private Process server(int port, String database) throws IOException {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-Xss8m", "-Xmx384m", "-cp", System.getProperty("java.class.path"),
                ServerProcess.class.getName(), home.toString(), Integer.toString(port), database)
                .redirectErrorStream(true).redirectOutput(home.resolve("server-" + port + ".log").toFile()).start();
        started.add(p);
        return p;
    }

    private static java.io.InputStream stream(int port, String path) throws Exception {
        java.net.http.HttpResponse<java.io.InputStream> r = ControlPlane.HTTP.send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + ControlPlane.ADMIN).header("Accept", "text/event-stream").GET().build(),
                java.net.http.HttpResponse.BodyHandlers.ofInputStream());
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }

    private static void awaitHealthy(ControlPlane.Client api) {
        await().atMost(Duration.ofSeconds(60)).ignoreException(java.io.UncheckedIOException.class)
                .until(() -> api.get("/health").status() == 200);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
