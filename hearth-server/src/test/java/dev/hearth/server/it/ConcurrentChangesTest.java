package dev.hearth.server.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.server.endpoint.EndpointId;
import dev.hearth.server.endpoint.EndpointService;
import dev.hearth.server.store.EndpointRepository;
import dev.hearth.server.store.Store;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Changes that race each other, or the reconciler, over real HTTP, SQLite and worker processes. */
class ConcurrentChangesTest extends ControlPlaneTest {

    @Test
    void aReCreatedEndpointNeverKeepsTheDeletedOnesReplicaEvenWhenNoPassSawItGone() throws Exception {
        api.post("/v2/endpoint/alice", ControlPlane.sleeperBody("phoenix", "first"));
        await().atMost(Duration.ofSeconds(20)).until(() -> marks("alice.phoenix.").equals(List.of("first")));
        long old = ControlPlane.replicaProcesses("alice.phoenix.").getFirst().pid();

        // The API's own code on the same store, without nudging the reconciler: the delete and the re-create both land
        // between two of its passes, as they do while it is busy, or when another instance answered the API.
        EndpointService sameStore = new EndpointService(
                new EndpointRepository(Store.open(ControlPlane.options(home, 0).database()),
                        dev.hearth.server.store.SecretBox.forHome(home, java.util.Optional.empty())), spec -> {},
                new dev.hearth.server.endpoint.CustomCommands(true), new dev.hearth.server.endpoint.ModelFolders(List.of()), () -> {},
                Clock.systemUTC());
        EndpointId id = new EndpointId("alice", "phoenix");
        sameStore.delete(id);
        sameStore.create(new dev.hearth.server.auth.Principal("alice", true), "alice",
                ControlPlane.JSON.readTree(ControlPlane.sleeperBody("phoenix", "second")));

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(marks("alice.phoenix.")).as("MARK of every replica process").containsExactly("second");
            assertThat(ProcessHandle.of(old).map(ProcessHandle::isAlive).orElse(false)).as("the old replica runs").isFalse();
        });
        api.delete("/v2/endpoint/alice/phoenix");
    }

    @Test
    void concurrentUpdatesOfDifferentFieldsAllApplyAndTheReplicaRunsTheStoredSpec() throws Exception {
        api.post("/v2/endpoint/alice", ControlPlane.createBody("racy", model, 1, 1, "public"));
        EndpointLifecycleTestSupport.waitUntilRunning(api, "racy");
        List<String> patches = List.of(
                "{\"model\":{\"env\":{\"MARK\":\"from-put\"}}}",
                "{\"model\":{\"secrets\":{\"TOKEN\":\"s3cret\"}}}",
                "{\"type\":\"protected\"}",
                "{\"tags\":[\"raced\"]}",
                "{\"compute\":{\"scaling\":{\"maxReplica\":2}}}",
                "{\"cacheHttpResponses\":false}");

        CountDownLatch go = new CountDownLatch(1);
        List<Future<ControlPlane.Response>> answers = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(patches.size())) {
            for (String patch : patches) {
                answers.add(pool.submit(() -> {
                    go.await();
                    return api.put("/v2/endpoint/alice/racy", patch);
                }));
            }
            go.countDown();
            for (Future<ControlPlane.Response> a : answers) assertThat(a.get().status()).as(a.get().body()).isEqualTo(200);
        }

        JsonNode stored = api.get("/v2/endpoint/alice/racy").json();
        assertThat(stored.path("model").path("env").path("MARK").asText()).isEqualTo("from-put");
        assertThat(stored.path("model").path("secrets").has("TOKEN")).as("secrets %s", stored.path("model")).isTrue();
        assertThat(stored.path("type").asText()).isEqualTo("protected");
        assertThat(stored.path("tags").toString()).isEqualTo("[\"raced\"]");
        assertThat(stored.path("compute").path("scaling").path("maxReplica").asInt()).isEqualTo(2);
        assertThat(stored.path("cacheHttpResponses").asBoolean(true)).isFalse();

        // The replica left running is one launched from the spec the store holds.
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            assertThat(api.get("/v2/endpoint/alice/racy").state()).isEqualTo("running");
            List<ProcessHandle> replicas = ControlPlane.replicaProcesses("alice.racy.");
            assertThat(replicas).hasSize(1);
            Map<String, String> env = ControlPlane.environment(replicas.getFirst());
            assertThat(env).containsEntry("MARK", "from-put").containsEntry("TOKEN", "s3cret");
        });
        api.delete("/v2/endpoint/alice/racy");
    }

    /** The MARK each replica process of the endpoint was launched with. */
    static List<String> marks(String prefix) {
        return ControlPlane.replicaProcesses(prefix).stream()
                .map(p -> ControlPlane.environment(p).getOrDefault("MARK", "?")).toList();
    }
}
