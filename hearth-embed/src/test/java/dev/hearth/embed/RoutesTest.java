package dev.hearth.embed;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The OpenAI embeddings shape, the TEI service routes, and what POST / answers to each client. */
class RoutesTest {

    static EmbeddingWorker worker;
    static Http http;

    @BeforeAll
    static void start() {
        worker = TestServers.start();
        http = Http.of(worker);
    }

    @AfterAll
    static void stop() {
        worker.close();
    }

    @Test
    void openAiEmbeddingsAnswerFloatsWithUsageAndTheServedModelName() {
        for (String path : new String[]{"/v1/embeddings", "/embeddings"}) {
            Http.Response r = http.post(path, "{\"input\":[\"A cat sits on the mat\",\"hello\"],\"model\":\"anything\"}");
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            JsonNode body = r.json();
            assertThat(body.get("object").asText()).isEqualTo("list");
            assertThat(body.get("model").asText()).isEqualTo("sentence-transformers/all-MiniLM-L6-v2");
            assertThat(body.get("data")).hasSize(2);
            assertThat(body.get("data").get(1).get("object").asText()).isEqualTo("embedding");
            assertThat(body.get("data").get(1).get("index").asInt()).isEqualTo(1);
            assertThat(body.get("data").get(0).get("embedding")).hasSize(384);
            // [CLS] a cat sits on the mat [SEP] = 8, [CLS] hello [SEP] = 3
            assertThat(body.get("usage").get("prompt_tokens").asInt()).isEqualTo(11);
            assertThat(body.get("usage").get("total_tokens").asInt()).isEqualTo(11);
        }
    }

    @Test
    void base64EncodingIsTheLittleEndianF32BytesOfTheFloatVector() {
        float[] floats = Http.vector(http.post("/v1/embeddings", "{\"input\":\"A cat sits on the mat\",\"encoding_format\":\"float\"}")
                .json().get("data").get(0).get("embedding"));
        String b64 = http.post("/v1/embeddings", "{\"input\":\"A cat sits on the mat\",\"encoding_format\":\"base64\"}")
                .json().get("data").get(0).get("embedding").asText();
        ByteBuffer bytes = ByteBuffer.wrap(Base64.getDecoder().decode(b64)).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(bytes.remaining()).isEqualTo(384 * 4);
        for (float f : floats) assertThat(bytes.getFloat()).isCloseTo(f, within(1e-7f));
        float[] embed = http.post("/embed", "{\"inputs\":\"A cat sits on the mat\"}").matrix()[0];
        for (int k = 0; k < 384; k++) assertThat(floats[k]).isCloseTo(embed[k], within(1e-6f));
    }

    @Test
    void openAiRouteErrorsUseTeisFlatOpenAiShape() {
        StringBuilder many = new StringBuilder("[");
        for (int i = 0; i < 33; i++) many.append(i > 0 ? "," : "").append("\"s\"");
        Http.Response r = http.post("/v1/embeddings", "{\"input\":" + many + "]}");
        assertThat(r.status()).isEqualTo(422);
        assertThat(r.json().get("message").asText()).isEqualTo("batch size 33 > maximum allowed batch size 32");
        assertThat(r.json().get("code").asInt()).isEqualTo(422);
        assertThat(r.json().get("type").asText()).isEqualTo("Validation");
        Http.Response empty = http.post("/v1/embeddings", "{\"input\":\"\"}");
        assertThat(empty.status()).isEqualTo(400);
        assertThat(empty.json().get("type").asText()).isEqualTo("Empty");
        assertThat(http.post("/v1/embeddings", "{\"input\":\"a\",\"encoding_format\":\"hex\"}").status()).isEqualTo(422);
    }

    @Test
    void postRootIsTwoDimensionalForTeiClientsAndFlatForEasyLlmsSingleString() {
        Http.Response tei = http.post("/", "{\"inputs\":\"hello\",\"normalize\":true}");
        assertThat(tei.json().isArray()).isTrue();
        assertThat(tei.json()).hasSize(1);
        assertThat(tei.json().get(0)).hasSize(384);

        Http.Response easyllm = http.post("/", "{\"inputs\":\"hello\",\"model\":null,\"task\":\"feature-extraction\"}");
        assertThat(easyllm.json()).hasSize(384);
        assertThat(easyllm.json().get(0).isNumber()).isTrue();

        Http.Response easyllmList = http.post("/", "{\"inputs\":[\"a\",\"b\"],\"model\":\"m\",\"task\":\"feature-extraction\"}");
        assertThat(easyllmList.json()).hasSize(2);
        assertThat(easyllmList.json().get(0)).hasSize(384);

        Http.Response pipeline = http.post("/pipeline/feature-extraction/sentence-transformers/all-MiniLM-L6-v2",
                "{\"inputs\":\"hello\"}");
        assertThat(pipeline.json()).hasSize(384);
    }

    @Test
    void embedAllAnswersOneVectorPerToken() {
        JsonNode r = http.post("/embed_all", "{\"inputs\":[\"hello world\",\"a\"]}").json();
        assertThat(r).hasSize(2);
        assertThat(r.get(0)).hasSize(4); // [CLS] hello world [SEP]
        assertThat(r.get(1)).hasSize(3);
        assertThat(r.get(0).get(0)).hasSize(384);
    }

    @Test
    void tokenizeReportsTokensWithByteOffsetsAndSpecialsWithoutThem() {
        JsonNode r = http.post("/tokenize", "{\"inputs\":\"Héllo world\"}").json();
        assertThat(r).hasSize(1);
        JsonNode tokens = r.get(0);
        assertThat(tokens.get(0).get("text").asText()).isEqualTo("[CLS]");
        assertThat(tokens.get(0).get("special").asBoolean()).isTrue();
        assertThat(tokens.get(0).get("start").isNull()).isTrue();
        JsonNode last = tokens.get(tokens.size() - 2);
        assertThat(last.get("text").asText()).isEqualTo("world");
        assertThat(last.get("start").asInt()).isEqualTo(7); // "Héllo " is 7 bytes in UTF-8
        assertThat(last.get("stop").asInt()).isEqualTo(12);
        JsonNode plain = http.post("/tokenize", "{\"inputs\":[\"a b\"],\"add_special_tokens\":false}").json().get(0);
        assertThat(plain).hasSize(2);
        JsonNode decoded = http.post("/decode", "{\"ids\":[7592,2088]}").json();
        assertThat(decoded.get(0).asText()).isEqualTo("hello world");
    }

    @Test
    void infoHealthModelsAndMetricsFollowTei() {
        JsonNode info = http.get("/info").json();
        assertThat(info.get("model_id").asText()).isEqualTo("sentence-transformers/all-MiniLM-L6-v2");
        assertThat(info.get("model_type").get("embedding").get("pooling").asText()).isEqualTo("mean");
        assertThat(info.get("max_input_length").asInt()).isEqualTo(256);
        assertThat(info.get("max_batch_tokens").asInt()).isEqualTo(16384);
        assertThat(info.get("max_client_batch_size").asInt()).isEqualTo(32);
        assertThat(info.get("max_concurrent_requests").asInt()).isEqualTo(512);
        assertThat(info.get("auto_truncate").asBoolean()).isTrue();
        assertThat(info.has("max_batch_requests")).isTrue();
        assertThat(http.get("/health").status()).isEqualTo(200);
        assertThat(http.get("/").status()).isEqualTo(200);
        assertThat(http.get("/v1/models").json().get("data").get(0).get("id").asText())
                .isEqualTo("sentence-transformers/all-MiniLM-L6-v2");

        Http.Response embed = http.post("/embed", "{\"inputs\":\"hello\"}");
        assertThat(embed.header("x-compute-tokens")).isEqualTo("3");
        assertThat(embed.header("x-compute-characters")).isEqualTo("5");
        String metrics = http.get("/metrics").body();
        for (String name : new String[]{"te_request_count{method=\"single\"}", "te_request_success{method=\"single\"}",
                "te_request_duration_bucket", "te_request_tokenization_duration_count", "te_request_queue_duration_count",
                "te_request_inference_duration_count", "te_request_input_length_count", "te_queue_size",
                "te_batch_next_size_count", "te_batch_next_tokens_count", "te_embed_count", "te_embed_success"}) {
            assertThat(metrics).contains(name);
        }
    }

    @Test
    void anApiKeyGatesEverythingButHealthAndMetrics() {
        try (EmbeddingWorker gated = EmbeddingWorker.start(TestServers.options().withApiKey("secret"))) {
            Http h = Http.of(gated);
            assertThat(h.post("/embed", "{\"inputs\":\"a\"}").status()).isEqualTo(401);
            assertThat(h.get("/info").status()).isEqualTo(401);
            assertThat(h.get("/health").status()).isEqualTo(200);
            assertThat(h.get("/metrics").status()).isEqualTo(200);
            assertThat(h.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(h.base() + "/embed"))
                    .header("Content-Type", "application/json").header("Authorization", "Bearer secret")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"inputs\":\"a\"}"))).status()).isEqualTo(200);
        }
    }
}
