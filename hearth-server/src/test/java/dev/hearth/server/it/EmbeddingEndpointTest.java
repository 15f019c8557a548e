package dev.hearth.server.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** An embedding endpoint, deployed like any other: the task picks the runtime; the gateway routes TEI's API. */
class EmbeddingEndpointTest extends ControlPlaneTest {

    @Test
    void aFeatureExtractionEndpointServesTheBuiltInMiniLmThroughTheGatewayAndTheInferenceApisRoutes() {
        ControlPlane.Response created = api.post("/v2/endpoint/alice", """
                {"name":"minilm","type":"protected","provider":{"vendor":"hearth","region":"local"},
                 "compute":{"accelerator":"cpu","instanceType":"cpu","instanceSize":"x1","scaling":{"minReplica":1,"maxReplica":1}},
                 "model":{"repository":"sentence-transformers/all-MiniLM-L6-v2","framework":"pytorch","task":"feature-extraction"}}""");
        assertThat(created.status()).isEqualTo(202);
        String url = EndpointLifecycleTestSupport.waitUntilRunning(api, "minilm");

        JsonNode embedded = api.post(url + "/embed", "{\"inputs\":[\"A cat sits on the mat\",\"A kitten rests on a rug\"]}").json();
        assertThat(embedded).hasSize(2);
        assertThat(embedded.get(0)).hasSize(384);
        JsonNode openai = api.post(url + "/v1/embeddings", "{\"input\":\"hello\",\"model\":\"minilm\"}").json();
        assertThat(openai.path("data").get(0).path("embedding")).hasSize(384);
        assertThat(api.get("/v2/endpoint/alice/minilm").json().path("model").path("task").asText()).isEqualTo("feature-extraction");

        // The serverless Inference API's routes at the root, by the endpoint's name or its repository.
        JsonNode pipeline = api.post("/pipeline/feature-extraction/minilm", "{\"inputs\":\"A cat sits on the mat\"}").json();
        assertThat(pipeline.isArray()).as(pipeline.toString()).isTrue();
        assertThat(pipeline.toString()).isEqualTo(api.post(url + "/pipeline/feature-extraction/minilm",
                "{\"inputs\":\"A cat sits on the mat\"}").json().toString());
        JsonNode byRepository = api.post("/models/sentence-transformers/all-MiniLM-L6-v2",
                "{\"inputs\":[\"A cat sits on the mat\"]}").json();
        assertThat(byRepository).as(byRepository.toString()).hasSize(1);
        assertThat(byRepository.get(0)).hasSize(384);
        assertThat(api.post("/pipeline/feature-extraction/sentence-transformers/all-MiniLM-L6-v2",
                "{\"inputs\":\"hello\"}").status()).isEqualTo(200);
    }

    @Test
    void aGgufModelIsNotAnEmbeddingModel() {
        ControlPlane.Response r = api.post("/v2/endpoint/alice", ControlPlane.createBody("wrongtask", model, 1, 1, "public")
                .replace("\"task\":\"text-generation\"", "\"task\":\"feature-extraction\""));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("error").asText()).contains("is not an embedding model");
    }
}
