package dev.hearth.server.it;

import dev.hearth.server.HearthServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Replicas follow requests in flight: up to maxReplica under load, back down after the stabilisation window. */
class AutoscalingTest extends ControlPlaneTest {


    @BeforeAll
    static void createElasticEndpoint() {
        api.post("/v2/endpoint/alice", ControlPlane.createBody("elastic", model, 1, 2, "public")
                .replace("\"scaleToZeroTimeout\":null", "\"scaleToZeroTimeout\":null,\"measure\":{\"pendingRequests\":1}"));
        EndpointLifecycleTestSupport.waitUntilRunning(api, "elastic");
    }

    static int ready() {
        return api.get("/v2/endpoint/alice/elastic").json().path("status").path("readyReplica").asInt();
    }

    @Test
    void loadAddsAReplicaUpToMaxAndQuietRemovesItAfterTheWindow() throws Exception {
        assertThat(ready()).isEqualTo(1);
        AtomicBoolean loading = new AtomicBoolean(true);
        List<Thread> clients = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            clients.add(Thread.ofVirtual().start(() -> {
                while (loading.get()) {
                    api.post("/endpoints/alice/elastic/generate", "{\"inputs\":\"go\",\"parameters\":{\"max_new_tokens\":200}}");
                }
            }));
        }
        try {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> ready() == 2);
            assertThat(api.get("/v2/endpoint/alice/elastic").json().path("status").path("targetReplica").asInt()).isEqualTo(2);
            assertThat(ControlPlane.replicaProcesses("alice.elastic.")).hasSize(2);
        } finally {
            loading.set(false);
            for (Thread t : clients) t.join();
        }
        // Never below minReplica, and never above maxReplica, whatever the load was.
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> ready() == 1);
        await().atMost(Duration.ofSeconds(20)).until(() -> ControlPlane.replicaProcesses("alice.elastic.").size() == 1);
        assertThat(api.get("/v2/endpoint/alice/elastic").state()).isEqualTo("running");
    }
}
