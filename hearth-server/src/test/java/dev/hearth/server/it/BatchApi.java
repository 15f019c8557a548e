package dev.hearth.server.it;

import com.fasterxml.jackson.databind.JsonNode;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The Files and Batch API as a test calls it: upload JSONL as multipart, create, poll, read the output. */
final class BatchApi {

    private BatchApi() {}

    /** {@code n} chat lines for {@code model}, custom ids {@code prefix-0..n-1}. */
    static String chatLines(String prefix, String model, int n, int maxTokens) {
        return IntStream.range(0, n).mapToObj(i -> """
                {"custom_id":"%s-%d","method":"POST","url":"/v1/chat/completions","body":{"model":"%s",\
                "messages":[{"role":"user","content":"Say something about %d"}],"max_tokens":%d}}"""
                .formatted(prefix, i, model, i, maxTokens)).collect(Collectors.joining("\n", "", "\n"));
    }

    static ControlPlane.Response upload(ControlPlane.Client api, String purpose, String content) {
        String boundary = "hearth-test-boundary-" + System.nanoTime();
        String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\n" + purpose + "\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"requests.jsonl\"\r\n"
                + "Content-Type: application/jsonl\r\n\r\n" + content + "\r\n--" + boundary + "--\r\n";
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(api.base() + "/v1/files")).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (api.token() != null) b.header("Authorization", "Bearer " + api.token());
        return api.send(b);
    }

    static String uploaded(ControlPlane.Client api, String content) {
        ControlPlane.Response r = upload(api, "batch", content);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().get("id").asText();
    }

    static JsonNode create(ControlPlane.Client api, String fileId, String window) {
        ControlPlane.Response r = api.post("/v1/batches", """
                {"input_file_id":"%s","endpoint":"/v1/chat/completions","completion_window":"%s","metadata":{"job":"test"}}"""
                .formatted(fileId, window));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    /** Polls the batch until its status is one of {@code statuses}; fails early on another final status. */
    static JsonNode awaitStatus(ControlPlane.Client api, String id, Duration atMost, String... statuses) {
        Set<String> wanted = Set.of(statuses);
        AtomicReference<JsonNode> last = new AtomicReference<>();
        await().atMost(atMost).pollInterval(Duration.ofMillis(200)).until(() -> {
            JsonNode b = api.get("/v1/batches/" + id).json();
            last.set(b);
            String s = b.path("status").asText();
            if (!wanted.contains(s) && Set.of("failed", "completed", "expired", "cancelled").contains(s)) {
                throw new AssertionError("batch ended " + s + ": " + b);
            }
            return wanted.contains(s);
        });
        return last.get();
    }

    /** The lines of a file's content, parsed. */
    static List<JsonNode> lines(ControlPlane.Client api, String fileId) {
        List<JsonNode> out = new ArrayList<>();
        if (fileId == null) return out;
        ControlPlane.Response r = api.get("/v1/files/" + fileId + "/content");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        for (String line : r.body().split("\n")) {
            if (line.isBlank()) continue;
            try {
                out.add(ControlPlane.JSON.readTree(line));
            } catch (java.io.IOException e) {
                throw new AssertionError("not JSON: " + line);
            }
        }
        return out;
    }

    static String text(JsonNode n, String field) {
        return n.path(field).isNull() || n.path(field).isMissingNode() ? null : n.path(field).asText();
    }
}
