package dev.hearth.server.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.server.HearthServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The seed guide's flow, driven over HTTP the way huggingface_hub drives it, with real worker processes. */
class EndpointLifecycleTest extends ControlPlaneTest {


    static JsonNode waitUntilRunning(String name) {
        EndpointLifecycleTestSupport.waitUntilRunning(api, name);
        return api.get("/v2/endpoint/alice/" + name).json();
    }

    static ControlPlane.Response generate(String url, int tokens) {
        return api.post(url, "{\"inputs\":\"the cat\",\"parameters\":{\"max_new_tokens\":" + tokens + "}}");
    }

    @Test
    void theSeedGuidesWholeLifecycleWorks() {
        // create
        ControlPlane.Response created = api.post("/v2/endpoint/alice", ControlPlane.createBody("lifecycle", model, 1, 1, "protected"));
        assertThat(created.status()).isEqualTo(202);
        JsonNode e = created.json();
        assertThat(e.path("status").path("state").asText()).isEqualTo("pending");
        for (String key : List.of("name", "type", "healthRoute")) assertThat(e.has(key)).as(key).isTrue();
        for (String key : List.of("repository", "framework", "revision", "task")) assertThat(e.path("model").has(key)).as(key).isTrue();
        assertThat(e.path("status").path("createdAt").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");

        // wait, then generate through the gateway (POST / answers a JSON array)
        String url = waitUntilRunning("lifecycle").path("status").path("url").asText();
        assertThat(url).isEqualTo("http://127.0.0.1:" + server.port() + "/endpoints/alice/lifecycle");
        ControlPlane.Response generated = generate(url, 4);
        assertThat(generated.status()).isEqualTo(200);
        assertThat(generated.json().get(0).has("generated_text")).isTrue();

        // list
        assertThat(api.get("/v2/endpoint/alice").json().path("items")).anyMatch(i -> i.get("name").asText().equals("lifecycle"));

        // pause: URL cleared, no process left, requests refused without waking it
        JsonNode paused = api.post("/v2/endpoint/alice/lifecycle/pause", null).json();
        assertThat(paused.path("status").path("state").asText()).isEqualTo("paused");
        assertThat(paused.path("status").path("url").isNull()).isTrue();
        await().atMost(Duration.ofSeconds(20)).until(() -> ControlPlane.replicaProcesses("alice.lifecycle.", home).isEmpty());
        ControlPlane.Response refused = generate(url, 2);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().get("error").asText()).contains("paused");
        assertThat(api.get("/v2/endpoint/alice/lifecycle").state()).isEqualTo("paused");

        // resume, then resume again: the second answers 400 "already running"
        assertThat(api.post("/v2/endpoint/alice/lifecycle/resume", null).status()).isEqualTo(200);
        waitUntilRunning("lifecycle");
        ControlPlane.Response again = api.post("/v2/endpoint/alice/lifecycle/resume", null);
        assertThat(again.status()).isEqualTo(400);
        assertThat(again.body()).contains("already running");

        // scale to zero: URL kept, no process; the next request wakes it and succeeds
        JsonNode zero = api.post("/v2/endpoint/alice/lifecycle/scale-to-zero", null).json();
        assertThat(zero.path("status").path("state").asText()).isEqualTo("scaledToZero");
        assertThat(zero.path("status").path("url").asText()).isEqualTo(url);
        await().atMost(Duration.ofSeconds(20)).until(() -> ControlPlane.replicaProcesses("alice.lifecycle.", home).isEmpty());
        assertThat(generate(url, 2).status()).isEqualTo(200);
        assertThat(api.get("/v2/endpoint/alice/lifecycle").state()).isEqualTo("running");

        // update replicas: a sparse patch, as current clients send it
        JsonNode updated = api.put("/v2/endpoint/alice/lifecycle", "{\"compute\":{\"scaling\":{\"maxReplica\":2,\"minReplica\":2}}}").json();
        assertThat(updated.path("compute").path("scaling").path("minReplica").asInt()).isEqualTo(2);
        assertThat(updated.path("model").path("repository").asText()).isEqualTo(model.toString());
        await().atMost(Duration.ofSeconds(60)).until(() ->
                api.get("/v2/endpoint/alice/lifecycle").json().path("status").path("readyReplica").asInt() == 2);
        assertThat(ControlPlane.replicaProcesses("alice.lifecycle.", home)).hasSize(2);

        // delete: gone, and nothing left running
        assertThat(api.delete("/v2/endpoint/alice/lifecycle").status()).isEqualTo(200);
        assertThat(api.get("/v2/endpoint/alice/lifecycle").status()).isEqualTo(404);
        await().atMost(Duration.ofSeconds(20)).until(() -> ControlPlane.replicaProcesses("alice.lifecycle.", home).isEmpty());
        assertThat(generate(url, 1).status()).isEqualTo(404);
    }

    @Test
    void twentyConcurrentRequestsAtAScaledToZeroEndpointAllSucceed() throws Exception {
        api.post("/v2/endpoint/alice", ControlPlane.createBody("burst", model, 0, 1, "public"));
        String url = waitUntilRunning("burst").path("status").path("url").asText();
        api.post("/v2/endpoint/alice/burst/scale-to-zero", null);
        await().atMost(Duration.ofSeconds(20)).until(() -> ControlPlane.replicaProcesses("alice.burst.", home).isEmpty());

        ControlPlane.Client anonymous = api.as(null); // public: no token needed
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Integer>> results = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                Callable<Integer> call = () -> anonymous.post(url + "/generate",
                        "{\"inputs\":\"hello\",\"parameters\":{\"max_new_tokens\":3}}").status();
                results.add(pool.submit(call));
            }
            for (Future<Integer> r : results) assertThat(r.get()).isEqualTo(200);
        }
        assertThat(api.get("/metrics").body()).contains("hearth_gateway_cold_starts");
    }

    @Test
    void aKilledReplicaComesBack() {
        api.post("/v2/endpoint/alice", ControlPlane.createBody("phoenix", model, 1, 1, "protected"));
        String url = waitUntilRunning("phoenix").path("status").path("url").asText();
        ProcessHandle replica = ControlPlane.replicaProcesses("alice.phoenix.", home).getFirst();
        replica.destroyForcibly();
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            List<ProcessHandle> now = ControlPlane.replicaProcesses("alice.phoenix.", home);
            return now.size() == 1 && now.getFirst().pid() != replica.pid();
        });
        waitUntilRunning("phoenix");
        assertThat(generate(url, 2).status()).isEqualTo(200);
    }

    @Test
    void anEndpointIdleForItsTimeoutScalesToZeroAndWakesOnTheNextRequest() {
        String body = ControlPlane.createBody("sleepy", model, 0, 1, "protected").replace("\"scaleToZeroTimeout\":null", "\"scaleToZeroTimeout\":2");
        api.post("/v2/endpoint/alice", body);
        String url = waitUntilRunning("sleepy").path("status").path("url").asText();
        assertThat(generate(url, 1).status()).isEqualTo(200);
        // The tests' "minute" is one second: two idle seconds scale it to zero.
        await().atMost(Duration.ofSeconds(30)).until(() -> api.get("/v2/endpoint/alice/sleepy").state().equals("scaledToZero"));
        await().atMost(Duration.ofSeconds(20)).until(() -> ControlPlane.replicaProcesses("alice.sleepy.", home).isEmpty());
        assertThat(generate(url, 1).status()).isEqualTo(200);
    }
}
