package dev.hearth.server.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.server.HearthServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Crash loops, failed and successful rolling updates, custom images, logs. */
class FailuresAndUpdatesTest extends ControlPlaneTest {


    static String customImage(String name, String command) {
        return """
                {"name":"%s","type":"public","provider":{"vendor":"hearth","region":"local"},
                 "compute":{"accelerator":"cpu","instanceType":"cpu","instanceSize":"x1","scaling":{"minReplica":1,"maxReplica":1}},
                 "model":{"repository":"my-org/crashy","framework":"custom","task":"text-generation",
                          "image":{"custom":{"url":"%s","health_route":"/health","env":{"GREETING":"hi"}}}}}"""
                .formatted(name, command.replace("\"", "\\\""));
    }

    @Test
    void aCrashLoopingModelEndsInFailedWithTheReasonFromItsLog() {
        api.post("/v2/endpoint/alice", customImage("crashy", "echo \"model weights are corrupt ($GREETING)\" >&2; exit 3"));
        await().atMost(Duration.ofSeconds(60)).until(() -> api.get("/v2/endpoint/alice/crashy").state().equals("failed"));
        JsonNode e = api.get("/v2/endpoint/alice/crashy").json();
        assertThat(e.path("status").path("message").asText()).contains("exit code 3").contains("model weights are corrupt (hi)");
        assertThat(e.path("status").path("url").isNull()).isTrue();
        assertThat(api.get("/v2/endpoint/alice/crashy/logs").body()).contains("model weights are corrupt");
        assertThat(ControlPlane.replicaProcesses("alice.crashy.")).isEmpty();
    }

    @Test
    void aFailedUpdateLeavesTheOldReplicasServingAndAGoodOneRollsOver() {
        api.post("/v2/endpoint/alice", ControlPlane.createBody("roll", model, 1, 1, "public"));
        String url = EndpointLifecycleTestSupport.waitUntilRunning(api, "roll");
        long oldPid = ControlPlane.replicaProcesses("alice.roll.").getFirst().pid();

        // An update whose replica cannot start: updateFailed, and the old replica keeps answering.
        JsonNode bad = api.put("/v2/endpoint/alice/roll", """
                {"model":{"image":{"custom":{"url":"echo broken build >&2; exit 7","healthRoute":"/health"}}}}""").json();
        assertThat(bad.path("status").path("state").asText()).isEqualTo("updating");
        await().atMost(Duration.ofSeconds(60)).until(() -> api.get("/v2/endpoint/alice/roll").state().equals("updateFailed"));
        assertThat(api.get("/v2/endpoint/alice/roll").json().path("status").path("message").asText()).contains("broken build");
        assertThat(api.post(url + "/generate", "{\"inputs\":\"hi\",\"parameters\":{\"max_new_tokens\":2}}").status()).isEqualTo(200);
        assertThat(ControlPlane.replicaProcesses("alice.roll.")).extracting(ProcessHandle::pid).containsExactly(oldPid);

        // A good update: a new replica becomes ready before the old one stops; requests keep succeeding.
        // {"huggingface":{}} alongside other model changes is what old clients always send, so it keeps the current image;
        // naming another built-in image ("tgi") is how a user goes back to Hearth's worker.
        api.put("/v2/endpoint/alice/roll", "{\"model\":{\"image\":{\"tgi\":{}},\"env\":{\"RELEASE\":\"2\"}}}");
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            assertThat(api.post(url + "/generate", "{\"inputs\":\"hi\",\"parameters\":{\"max_new_tokens\":1}}").status()).isEqualTo(200);
            assertThat(api.get("/v2/endpoint/alice/roll").state()).isEqualTo("running");
            assertThat(ControlPlane.replicaProcesses("alice.roll.")).extracting(ProcessHandle::pid).doesNotContain(oldPid).hasSize(1);
        });
        assertThat(api.get("/v2/endpoint/alice/roll").json().path("model").path("env").path("RELEASE").asText()).isEqualTo("2");
    }
}
