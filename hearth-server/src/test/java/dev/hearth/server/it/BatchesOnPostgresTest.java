package dev.hearth.server.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Batch API over the shared PostgreSQL store: file content (BYTEA) comes back byte for byte, a batch runs to
 * completion, and the list pages newest first with {@code limit} and {@code after}.
 */
@OnPostgres
class BatchesOnPostgresTest extends ControlPlaneTest {

    @Test
    void filesBatchesAndTheirListsWorkOnPostgresql() {
        api.post("/v2/endpoint/alice", ControlPlane.createBody("pg-batch", model, 1, 1, "protected"));
        EndpointLifecycleTestSupport.waitUntilRunning(api, "pg-batch");

        String content = BatchApi.chatLines("pg", "pg-batch", 5, 4).replace("Say something", "Sagen Sie etwas Schönes, 🔥");
        String file = BatchApi.uploaded(api, content);
        assertThat(api.get("/v1/files/" + file + "/content").body()).isEqualTo(content);
        JsonNode meta = api.get("/v1/files/" + file).json();
        assertThat(meta.get("bytes").asLong()).isEqualTo(content.getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
        assertThat(meta.get("purpose").asText()).isEqualTo("batch");
        assertThat(meta.get("status").asText()).isEqualTo("processed");

        String first = BatchApi.create(api, file, "24h").get("id").asText();
        String second = BatchApi.create(api, file, "24h").get("id").asText();
        JsonNode done = BatchApi.awaitStatus(api, first, Duration.ofSeconds(90), "completed");
        assertThat(done.at("/request_counts/completed").asInt()).isEqualTo(5);
        List<JsonNode> output = BatchApi.lines(api, done.get("output_file_id").asText());
        assertThat(output).extracting(l -> l.get("custom_id").asText()).containsExactlyInAnyOrder("pg-0", "pg-1", "pg-2", "pg-3", "pg-4");
        BatchApi.awaitStatus(api, second, Duration.ofSeconds(90), "completed");

        JsonNode page = api.get("/v1/batches?limit=1").json();
        assertThat(page.get("data").findValuesAsText("id")).hasSize(1);
        assertThat(page.get("has_more").asBoolean()).isTrue();
        JsonNode rest = api.get("/v1/batches?limit=10&after=" + page.get("last_id").asText()).json();
        assertThat(rest.get("has_more").asBoolean()).isFalse();
        List<String> ids = new java.util.ArrayList<>(page.get("data").findValuesAsText("id"));
        ids.addAll(rest.get("data").findValuesAsText("id"));
        assertThat(ids).containsExactlyInAnyOrder(first, second).doesNotHaveDuplicates();
        assertThat(api.get("/v1/files?purpose=batch_output").json().get("data").findValuesAsText("id"))
                .contains(done.get("output_file_id").asText());
    }
}
