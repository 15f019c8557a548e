package dev.hearth.server.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.server.store.Store;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** kill -9 of the control plane mid-batch: the restarted server finishes it, no line twice, none lost. */
class BatchCrashRecoveryTest {

    @TempDir(cleanup = org.junit.jupiter.api.io.CleanupMode.ON_SUCCESS) Path home;
    final List<Process> started = new ArrayList<>();

    @AfterEach
    void cleanUp() {
        started.forEach(Process::destroyForcibly);
        ControlPlane.replicaProcesses("alice.", home).forEach(ProcessHandle::destroyForcibly);
    }

    Process server(int port) throws IOException {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-Xss8m", "-cp", System.getProperty("java.class.path"),
                ServerProcess.class.getName(), home.toString(), Integer.toString(port))
                .redirectErrorStream(true).redirectOutput(home.resolve("server-" + started.size() + ".log").toFile()).start();
        started.add(p);
        return p;
    }

    @Test
    void afterKill9MidBatchTheRestartedServerFinishesItWithEveryCustomIdOnceAndNoRecordedLineRunAgain() throws Exception {
        int port = CrashRecoveryTest.freePort();
        Path model = ControlPlane.model(home);
        ControlPlane.Client api = new ControlPlane.Client("http://127.0.0.1:" + port, ControlPlane.ADMIN);
        Process first = server(port);
        await().atMost(Duration.ofSeconds(60)).ignoreException(java.io.UncheckedIOException.class)
                .until(() -> api.get("/health").status() == 200);
        api.post("/v2/endpoint/alice", ControlPlane.createBody("crashy", model, 1, 1, "protected"));
        String url = EndpointLifecycleTestSupport.waitUntilRunning(api, "crashy");
        long worker = ControlPlane.replicaProcesses("alice.crashy.", home).getFirst().pid();

        String batch = BatchApi.create(api, BatchApi.uploaded(api, BatchApi.chatLines("k", "crashy", 200, 24)), "24h")
                .get("id").asText();
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(50))
                .until(() -> api.get("/v1/batches/" + batch).json().at("/request_counts/completed").asInt() >= 10);
        first.destroyForcibly(); // SIGKILL, lines in flight
        assertThat(first.waitFor(10, TimeUnit.SECONDS)).isTrue();

        Map<String, String> recordedBefore;
        try (Store store = Store.open(home.resolve("hearth.db"))) {
            recordedBefore = store.jdbi().withHandle(h -> h.createQuery("SELECT custom_id, request_id FROM batch_lines "
                    + "WHERE status_code IS NOT NULL").map((rs, ctx) -> Map.entry(rs.getString(1), rs.getString(2))).list())
                    .stream().collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        }
        assertThat(recordedBefore.size()).as("answered before the kill").isBetween(10, 199);

        server(port);
        await().atMost(Duration.ofSeconds(60)).ignoreException(java.io.UncheckedIOException.class)
                .until(() -> api.get("/health").status() == 200);
        JsonNode done = BatchApi.awaitStatus(api, batch, Duration.ofMinutes(4), "completed");
        assertThat(done.get("request_counts").toString()).isEqualTo("{\"total\":200,\"completed\":200,\"failed\":0}");
        List<JsonNode> output = BatchApi.lines(api, done.get("output_file_id").asText());
        assertThat(output).extracting(l -> l.get("custom_id").asText()).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(IntStream.range(0, 200).mapToObj(i -> "k-" + i).toList());
        // A line answered before the kill keeps that answer: it was not sent again after the restart.
        for (JsonNode line : output) {
            String before = recordedBefore.get(line.get("custom_id").asText());
            if (before != null) assertThat(line.at("/response/request_id").asText()).isEqualTo(before);
        }
        assertThat(BatchApi.text(done, "error_file_id")).isNull();
        // The worker outlived the kill and was adopted; it was sent each line once, but for at most the lines that
        // were in flight at the kill (HEARTH_BATCH_CONCURRENCY, 2), whose answers never reached the store.
        assertThat(ControlPlane.replicaProcesses("alice.crashy.", home)).extracting(ProcessHandle::pid).containsExactly(worker);
        String metrics = api.get(url + "/metrics").body();
        long served = metrics.lines().filter(l -> l.startsWith("tgi_request_count ")).mapToLong(l -> (long) Double.parseDouble(l.split(" ")[1]))
                .findFirst().orElseThrow(() -> new AssertionError("no tgi_request_count in " + metrics));
        assertThat(served).isBetween(200L, 202L);
    }
}
