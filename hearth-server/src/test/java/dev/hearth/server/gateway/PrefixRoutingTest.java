package dev.hearth.server.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.server.endpoint.EndpointId;
import dev.hearth.server.endpoint.EndpointState;
import dev.hearth.server.it.ControlPlane;
import dev.hearth.worker.Worker;
import dev.hearth.worker.WorkerOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Prefix-aware routing over two real replicas (worker processes' servers in this JVM, on random ports): the turns of
 * a conversation go to the replica that holds its prompt, where they hit the prompt cache, while different
 * conversations spread over both; a flood of one prefix spills over rather than piling onto one replica.
 */
class PrefixRoutingTest {

    static final EndpointId ID = new EndpointId("acme", "llm");
    static final String CONTEXT = "the old man walked to the river and sat on the bank to watch the boats go by ".repeat(6);

    @TempDir static Path dir;
    static final List<Worker> replicas = new ArrayList<>();
    static GatewayFixture gw;

    @BeforeAll
    static void start() {
        Path model = ControlPlane.model(dir);
        WorkerOptions d = WorkerOptions.defaults(model);
        for (int i = 0; i < 2; i++) {
            replicas.add(Worker.start(new WorkerOptions(model, Optional.of("tiny"), "127.0.0.1", 0, Optional.of(400),
                    Optional.of(512), 16, 2, d.maxStopSequences(), d.maxBestOf(), d.maxTopNTokens(),
                    d.maxClientBatchSize(), d.payloadLimit(), 1, 64, Optional.empty(), Optional.empty())));
        }
        gw = new GatewayFixture();
        gw.table.set(ID, "public", EndpointState.RUNNING,
                new Backend("replica-a", URI.create("http://127.0.0.1:" + replicas.get(0).port())),
                new Backend("replica-b", URI.create("http://127.0.0.1:" + replicas.get(1).port())));
    }

    @AfterAll
    static void stop() {
        gw.close();
        replicas.forEach(Worker::close);
    }

    static long metric(int replica, String name) {
        HttpResponse<String> r = gw.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + replicas.get(replica).port() + "/metrics")).GET());
        return r.body().lines().filter(l -> l.startsWith(name + " "))
                .mapToLong(l -> (long) Double.parseDouble(l.split(" ")[1])).findFirst().orElse(0);
    }

    static long[] counts(String name) {
        return new long[]{metric(0, name), metric(1, name)};
    }

    static String generate(String inputs) {
        ObjectNode body = TestBackend.JSON.createObjectNode().put("inputs", inputs);
        body.putObject("parameters").put("max_new_tokens", 4);
        HttpResponse<String> r = gw.send(gw.request("/endpoints/acme/llm/generate")
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body.toString())));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode answer = GatewayFixture.json(r);
        return answer.get("generated_text").asText();
    }

    @Test
    void theTurnsOfAConversationStickToOneReplicaAndHitItsPromptCache() {
        long[] requestsBefore = counts("tgi_request_count");
        long[] hitsBefore = counts("tgi_request_prefix_cache_hit");
        String conversation = "conversation one: " + CONTEXT;
        for (int turn = 0; turn < 4; turn++) {
            conversation = conversation + generate(conversation) + " and then turn " + turn + " came";
        }
        long[] requests = counts("tgi_request_count");
        long[] hits = counts("tgi_request_prefix_cache_hit");
        long a = requests[0] - requestsBefore[0], b = requests[1] - requestsBefore[1];
        assertThat(List.of(a, b)).as("all four turns on one replica").containsExactlyInAnyOrder(4L, 0L);
        int home = a == 4 ? 0 : 1;
        assertThat(hits[home] - hitsBefore[home]).as("turns 2 to 4 reused the prompt").isEqualTo(3);
    }

    @Test
    void differentConversationsSpreadOverBothReplicas() {
        long[] before = counts("tgi_request_count");
        for (int c = 0; c < 16; c++) generate("conversation number " + c + " begins here: " + CONTEXT);
        long[] after = counts("tgi_request_count");
        assertThat(after[0] - before[0]).as("replica a").isPositive();
        assertThat(after[1] - before[1]).as("replica b").isPositive();
    }

    @Test
    void aFloodOfOnePrefixSpillsOverWithinTheLoadBound() {
        LoadTracker load = new LoadTracker();
        List<Backend> two = List.of(new Backend("a", URI.create("http://a")), new Backend("b", URI.create("http://b")));
        OptionalLong key = PrefixKey.of("/generate", "{\"inputs\":\"one hot prompt\"}".getBytes());
        assertThat(key).isPresent();
        List<LoadTracker.Lease> leases = new ArrayList<>();
        for (int i = 0; i < 8; i++) leases.add(load.acquire(ID, two, Integer.MAX_VALUE, key).orElseThrow());
        long onA = leases.stream().filter(l -> l.backend().replicaId().equals("a")).count();
        assertThat(onA).as("neither replica above ceil(1.25 x 8 / 2) = 5").isBetween(3L, 5L);
        // Once the flood is over, the key goes home again: the same replica as the first lease.
        String home = leases.getFirst().backend().replicaId();
        leases.forEach(LoadTracker.Lease::close);
        try (LoadTracker.Lease again = load.acquire(ID, two, Integer.MAX_VALUE, key).orElseThrow()) {
            assertThat(again.backend().replicaId()).isEqualTo(home);
        }
    }

    @Test
    void aChatKeyIsTheMessagesThroughTheFirstUserMessage() {
        String turn1 = "{\"messages\":[{\"role\":\"system\",\"content\":\"be brief\"},{\"role\":\"user\",\"content\":\"hi\"}]}";
        String turn2 = "{\"model\":\"x\",\"messages\":[{\"role\":\"system\",\"content\":\"be brief\"},{\"role\":\"user\",\"content\":\"hi\"},"
                + "{\"role\":\"assistant\",\"content\":\"hello\"},{\"role\":\"user\",\"content\":\"more\"}]}";
        String other = "{\"messages\":[{\"role\":\"system\",\"content\":\"be brief\"},{\"role\":\"user\",\"content\":\"bye\"}]}";
        assertThat(PrefixKey.of("/v1/chat/completions", turn1.getBytes()))
                .isEqualTo(PrefixKey.of("/v1/chat/completions", turn2.getBytes()))
                .isNotEqualTo(PrefixKey.of("/v1/chat/completions", other.getBytes()));
        assertThat(PrefixKey.of("/info", new byte[0])).isEmpty();
        assertThat(PrefixKey.of("/generate", "not json".getBytes())).isEmpty();
    }
}
