package dev.hearth.server.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Batch API end to end (issue #16): real worker processes of the tests' tiny model, the runner resuming and
 * pausing again, cancelling, expiring, validation with line numbers, and namespaces kept apart. One endpoint that
 * stays running (for cancel and expiry) and one that is paused between batches.
 */
class BatchesTest extends ControlPlaneTest {

    @BeforeAll
    static void createEndpoints() {
        api.post("/v2/endpoint/alice", ControlPlane.createBody("nightly", model, 1, 1, "protected"));
        api.post("/v2/endpoint/alice", ControlPlane.createBody("busy", model, 1, 1, "protected"));
        EndpointLifecycleTestSupport.waitUntilRunning(api, "nightly");
        EndpointLifecycleTestSupport.waitUntilRunning(api, "busy");
    }

    @Test
    void aTwoHundredLineBatchAgainstAPausedEndpointAnswersEveryCustomIdOnceAndLeavesTheEndpointPaused() {
        assertThat(api.post("/v2/endpoint/alice/nightly/pause", null).status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> api.get("/v2/endpoint/alice/nightly").state().equals("paused")
                && ControlPlane.replicaProcesses("alice.nightly.", home).isEmpty());

        String file = BatchApi.uploaded(api, BatchApi.chatLines("night", "nightly", 200, 4));
        JsonNode created = BatchApi.create(api, file, "24h");
        assertThat(created.get("status").asText()).isEqualTo("validating");
        assertThat(created.get("object").asText()).isEqualTo("batch");
        assertThat(created.get("metadata").get("job").asText()).isEqualTo("test");

        JsonNode done = BatchApi.awaitStatus(api, created.get("id").asText(), Duration.ofMinutes(4), "completed");
        assertThat(done.get("request_counts").toString()).isEqualTo("{\"total\":200,\"completed\":200,\"failed\":0}");
        assertThat(done.get("error_file_id").isNull()).isTrue();
        for (String stamp : List.of("in_progress_at", "finalizing_at", "completed_at")) {
            assertThat(done.get(stamp).asLong()).as(stamp).isGreaterThanOrEqualTo(done.get("created_at").asLong());
        }
        List<JsonNode> output = BatchApi.lines(api, done.get("output_file_id").asText());
        List<String> ids = output.stream().map(l -> l.get("custom_id").asText()).toList();
        assertThat(ids).hasSize(200).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(IntStream.range(0, 200).mapToObj(i -> "night-" + i).toList());
        for (JsonNode line : output) {
            assertThat(line.get("id").asText()).startsWith("batch_req_");
            assertThat(line.get("error").isNull()).isTrue();
            assertThat(line.at("/response/status_code").asInt()).isEqualTo(200);
            assertThat(line.at("/response/request_id").asText()).isNotBlank();
            assertThat(line.at("/response/body/object").asText()).isEqualTo("chat.completion");
            assertThat(line.at("/response/body/choices/0/message/content").isTextual()).isTrue();
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(api.get("/v2/endpoint/alice/nightly").state()).isEqualTo("paused");
            assertThat(ControlPlane.replicaProcesses("alice.nightly.", home)).isEmpty();
        });
    }

    @Test
    void linesAreRoutedByModelToAManagedEndpointAndToAConnectionInOneBatch() throws Exception {
        String key = "hf_batchRemoteKey7Q";
        try (dev.hearth.worker.Worker remote = connectedWorker("acme/remote-llm", key)) {
            String content = BatchApi.chatLines("local", "busy", 3, 4) + BatchApi.chatLines("remote", "acme/remote-llm", 3, 4);
            JsonNode done = BatchApi.awaitStatus(api, BatchApi.create(api, BatchApi.uploaded(api, content), "24h")
                    .get("id").asText(), Duration.ofSeconds(60), "completed");
            assertThat(done.at("/request_counts/completed").asInt()).isEqualTo(6);
            List<JsonNode> output = BatchApi.lines(api, done.get("output_file_id").asText());
            assertThat(output).extracting(l -> l.get("custom_id").asText())
                    .containsExactlyInAnyOrder("local-0", "local-1", "local-2", "remote-0", "remote-1", "remote-2");
            // The remote worker answers only with its key, which the connection holds: a 200 shows it was sent.
            assertThat(output).allSatisfy(l -> assertThat(l.at("/response/status_code").asInt()).isEqualTo(200));
            String metrics = api.as(key).get("http://127.0.0.1:" + remote.port() + "/metrics").body();
            assertThat(metrics.lines().filter(l -> l.startsWith("tgi_request_count ")).findFirst().orElseThrow())
                    .as("the connection's server got the three lines meant for it").matches("tgi_request_count 3(\\.0)?");
        } finally {
            api.delete("/v2/connections/alice/remote-llm");
        }
    }

    @Test
    void aMalformedFileFailsTheBatchNamingEachBadLineByNumber() {
        String good = BatchApi.chatLines("ok", "busy", 1, 4).strip();
        String content = String.join("\n", good,
                "{not json",
                good.replace("ok-0", "other").replace("/v1/chat/completions", "/v1/embeddings"),
                good.replace("ok-0", "nomodel").replace("\"model\":\"busy\"", "\"model\":\"no-such-model\""),
                good, // the same custom_id again
                good.replace("ok-0", "get").replace("\"POST\"", "\"GET\""));
        JsonNode created = BatchApi.create(api, BatchApi.uploaded(api, content), "24h");
        JsonNode failed = BatchApi.awaitStatus(api, created.get("id").asText(), Duration.ofSeconds(30), "failed");
        assertThat(failed.get("failed_at").isNumber()).isTrue();
        JsonNode errors = failed.get("errors");
        assertThat(errors.get("object").asText()).isEqualTo("list");
        List<Integer> lines = new ArrayList<>();
        List<String> codes = new ArrayList<>();
        errors.get("data").forEach(e -> {
            lines.add(e.get("line").asInt());
            codes.add(e.get("code").asText());
            assertThat(e.get("message").asText()).isNotBlank();
        });
        assertThat(lines).containsExactly(2, 3, 4, 5, 6);
        assertThat(codes).containsExactly("invalid_json_line", "mismatched_endpoint", "model_not_found",
                "duplicate_custom_id", "invalid_method");
        assertThat(failed.get("output_file_id").isNull()).isTrue();
    }

    @Test
    void aCancelledBatchFinishesItsLinesInFlightAndReportsTheRestAsCancelled() {
        JsonNode created = BatchApi.create(api, BatchApi.uploaded(api, BatchApi.chatLines("c", "busy", 60, 48)), "24h");
        String id = created.get("id").asText();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> api.get("/v1/batches/" + id).json().at("/request_counts/completed").asInt() >= 1);
        ControlPlane.Response cancel = api.post("/v1/batches/" + id + "/cancel", null);
        assertThat(cancel.status()).as(cancel.body()).isEqualTo(200);
        assertThat(cancel.json().get("status").asText()).isIn("cancelling", "cancelled");
        JsonNode cancelled = BatchApi.awaitStatus(api, id, Duration.ofSeconds(60), "cancelled");
        assertThat(cancelled.get("cancelling_at").isNumber()).isTrue();
        assertThat(cancelled.get("cancelled_at").isNumber()).isTrue();

        List<JsonNode> output = BatchApi.lines(api, BatchApi.text(cancelled, "output_file_id"));
        List<JsonNode> errors = BatchApi.lines(api, BatchApi.text(cancelled, "error_file_id"));
        assertThat(output.size()).isEqualTo(cancelled.at("/request_counts/completed").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(errors).isNotEmpty().allSatisfy(l -> {
            assertThat(l.get("response").isNull()).isTrue();
            assertThat(l.at("/error/code").asText()).isEqualTo("batch_cancelled");
        });
        List<String> all = new ArrayList<>();
        output.forEach(l -> all.add(l.get("custom_id").asText()));
        errors.forEach(l -> all.add(l.get("custom_id").asText()));
        assertThat(all).hasSize(60).doesNotHaveDuplicates();
        assertThat(api.post("/v1/batches/" + id + "/cancel", null).status()).isEqualTo(200); // cancelled stays cancelled
    }

    @Test
    void aBatchPastItsCompletionWindowExpiresKeepingTheLinesItFinished() throws Exception {
        // Half the lines go to a connection whose server has gone away: the runner retries them (a server that cannot
        // be reached may come back) until the window closes, so the batch expires however fast the machine is.
        String key = "hf_batchGoneKey9Z";
        connectedWorker("acme/vanishing-llm", key).close(); // added while it answered, then gone
        try {
            expiresKeepingTheLinesItFinished(BatchApi.chatLines("e", "busy", 40, 8) + BatchApi.chatLines("g", "acme/vanishing-llm", 40, 8));
        } finally {
            api.delete("/v2/connections/alice/vanishing-llm");
        }
    }

    private void expiresKeepingTheLinesItFinished(String content) {
        JsonNode created = BatchApi.create(api, BatchApi.uploaded(api, content), "3s");
        assertThat(created.get("expires_at").asLong() - created.get("created_at").asLong()).isEqualTo(3);
        JsonNode expired = BatchApi.awaitStatus(api, created.get("id").asText(), Duration.ofSeconds(60), "expired");
        assertThat(expired.get("expired_at").isNumber()).isTrue();
        List<JsonNode> output = BatchApi.lines(api, BatchApi.text(expired, "output_file_id"));
        List<JsonNode> errors = BatchApi.lines(api, BatchApi.text(expired, "error_file_id"));
        assertThat(output).allSatisfy(l -> assertThat(l.at("/response/status_code").asInt()).isEqualTo(200));
        assertThat(errors).isNotEmpty().allSatisfy(l -> assertThat(l.at("/error/code").asText()).isEqualTo("batch_expired"));
        List<String> all = new ArrayList<>();
        output.forEach(l -> all.add(l.get("custom_id").asText()));
        errors.forEach(l -> all.add(l.get("custom_id").asText()));
        assertThat(all).hasSize(80).doesNotHaveDuplicates();
        assertThat(errors).extracting(l -> l.get("custom_id").asText())
                .as("the lines for the server that went away never ran")
                .containsAll(IntStream.range(0, 40).mapToObj(i -> "g-" + i).toList());
        assertThat(expired.at("/request_counts/completed").asInt()).isEqualTo(output.size());
    }

    @Test
    void anotherNamespacesTokenFindsNeitherTheFileNorTheBatch() {
        String file = BatchApi.uploaded(api, BatchApi.chatLines("mine", "busy", 1, 4));
        String batch = BatchApi.create(api, file, "24h").get("id").asText();
        ControlPlane.Response token = api.post("/v2/tokens", "{\"namespace\":\"bob\",\"label\":\"batches\"}");
        ControlPlane.Client bob = api.as(token.json().get("token").asText());

        for (ControlPlane.Response r : List.of(bob.get("/v1/files/" + file), bob.get("/v1/files/" + file + "/content"),
                bob.delete("/v1/files/" + file), bob.get("/v1/batches/" + batch), bob.post("/v1/batches/" + batch + "/cancel", null))) {
            assertThat(r.status()).as(r.body()).isEqualTo(404);
            assertThat(r.json().at("/error/message").asText()).isNotBlank();
            assertThat(r.json().at("/error/type").asText()).isEqualTo("invalid_request_error");
        }
        assertThat(bob.get("/v1/batches").json().get("data")).isEmpty();
        assertThat(bob.get("/v1/files").json().get("data")).isEmpty();
        assertThat(bob.post("/v1/batches", """
                {"input_file_id":"%s","endpoint":"/v1/chat/completions","completion_window":"24h"}""".formatted(file)).status())
                .isEqualTo(404);
        assertThat(api.get("/v1/files/" + file).status()).isEqualTo(200);
        assertThat(api.get("/v1/batches").json().get("data").findValuesAsText("id")).contains(batch);
    }

    @Test
    void aFileOverTheConfiguredLimitIsRefusedWith413AndNotStored(@org.junit.jupiter.api.io.TempDir java.nio.file.Path other) {
        try (dev.hearth.server.HearthServer small = dev.hearth.server.HearthServer.start(ControlPlane.options(other, 0)
                .withEnvironment(java.util.Map.of("HEARTH_BATCH_MAX_FILE_BYTES", "2000")))) {
            ControlPlane.Client client = ControlPlane.client(small);
            ControlPlane.Response big = BatchApi.upload(client, "batch", BatchApi.chatLines("big", "busy", 40, 4));
            assertThat(big.status()).as(big.body()).isEqualTo(413);
            assertThat(big.json().at("/error/code").asText()).isEqualTo("file_too_large");
            assertThat(client.get("/v1/files").json().get("data")).isEmpty();
            assertThat(BatchApi.upload(client, "batch", BatchApi.chatLines("small", "busy", 2, 4)).status()).isEqualTo(200);
        }
    }

    @Test
    void badRequestsToTheApiAreRefusedAtOnceInOpenAisErrorShape() {
        ControlPlane.Response purpose = BatchApi.upload(api, "fine-tune", "{}\n");
        assertThat(purpose.status()).isEqualTo(400);
        assertThat(purpose.json().at("/error/param").asText()).isEqualTo("purpose");
        String file = BatchApi.uploaded(api, BatchApi.chatLines("x", "busy", 1, 4));
        record Case(String body, int status, String param) {}
        for (Case c : List.of(
                new Case("{\"input_file_id\":\"file-nope\",\"endpoint\":\"/v1/chat/completions\",\"completion_window\":\"24h\"}", 404, null),
                new Case("{\"input_file_id\":\"" + file + "\",\"endpoint\":\"/v1/moderations\",\"completion_window\":\"24h\"}", 400, "endpoint"),
                new Case("{\"input_file_id\":\"" + file + "\",\"endpoint\":\"/v1/chat/completions\",\"completion_window\":\"soon\"}", 400, "completion_window"),
                new Case("{\"endpoint\":\"/v1/chat/completions\",\"completion_window\":\"24h\"}", 400, "input_file_id"),
                new Case("[1,2]", 400, null))) {
            ControlPlane.Response r = api.post("/v1/batches", c.body());
            assertThat(r.status()).as(c.body() + " → " + r.body()).isEqualTo(c.status());
            assertThat(r.json().get("error").has("message")).isTrue();
            assertThat(BatchApi.text(r.json().get("error"), "param")).isEqualTo(c.param());
        }
        assertThat(api.as(null).get("/v1/batches").status()).isEqualTo(401);
        assertThat(api.as("not-a-token").post("/v1/files", "{}").status()).isEqualTo(401);
        assertThat(api.get("/v1/batches?limit=0").status()).isEqualTo(400);
        assertThat(api.get("/v1/batches/batch_nope").status()).isEqualTo(404);

        JsonNode deleted = api.delete("/v1/files/" + file).json();
        assertThat(deleted.get("deleted").asBoolean()).isTrue();
        assertThat(api.get("/v1/files/" + file).status()).isEqualTo(404);
    }

    /** A worker that answers only with {@code key}, added as alice's connection for {@code modelName}. */
    private static dev.hearth.worker.Worker connectedWorker(String modelName, String key) throws Exception {
        dev.hearth.worker.WorkerOptions d = dev.hearth.worker.WorkerOptions.defaults(model);
        dev.hearth.worker.Worker remote = dev.hearth.worker.Worker.start(new dev.hearth.worker.WorkerOptions(model,
                java.util.Optional.of(modelName), "127.0.0.1", 0, java.util.Optional.empty(), java.util.Optional.of(4096),
                8, 1, d.maxStopSequences(), d.maxBestOf(), d.maxTopNTokens(), d.maxClientBatchSize(), d.payloadLimit(), 2,
                d.prefillChunk(), java.util.Optional.empty(), java.util.Optional.of(key)));
        ControlPlane.Response added = api.post("/v2/connections/alice", """
                {"api_key":"%s","endpoint":"http://127.0.0.1:%d","model_name":"%s","context_window":4096}"""
                .formatted(key, remote.port(), modelName));
        if (added.status() != 201) {
            remote.close();
            throw new AssertionError("adding the connection answered " + added.status() + ": " + added.body());
        }
        return remote;
    }
}
