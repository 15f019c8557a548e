package dev.hearth.server.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.hub.LocalHub;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An endpoint whose repository is a Hub id not in the local cache: the replica downloads it into the Hugging Face
 * cache while initializing, then serves it. The Hub is the test's own (HF_ENDPOINT, passed through model.env).
 */
class HubEndpointTest extends ControlPlaneTest {

    static final String COMMIT = "fedcba9876543210fedcba9876543210fedcba98";

    @Test
    void anEndpointForAHubRepositoryDownloadsItWhileInitializingAndServesIt() throws Exception {
        Path hfHome = Files.createDirectories(home.resolve("hf"));
        try (LocalHub hub = new LocalHub().repo("acme/tiny-chat", COMMIT, Map.of("tiny-q8_0.gguf", Files.readAllBytes(model)))) {
            String body = ControlPlane.createBody("from-hub", model, 1, 1, "public")
                    .replace("\"repository\":\"" + model + "\"", "\"repository\":\"acme/tiny-chat\","
                            + "\"env\":{\"HF_ENDPOINT\":\"" + hub.endpoint() + "\",\"HF_HOME\":\"" + hfHome + "\"}");
            ControlPlane.Response created = api.post("/v2/endpoint/alice", body);
            assertThat(created.status()).as(created.body()).isEqualTo(202);

            String url = EndpointLifecycleTestSupport.waitUntilRunning(api, "from-hub");
            assertThat(api.post(url + "/generate", "{\"inputs\":\"hi\",\"parameters\":{\"max_new_tokens\":2}}").status()).isEqualTo(200);
            JsonNode info = api.get(url + "/info").json();
            assertThat(info.get("model_id").asText()).isEqualTo("acme/tiny-chat");
            assertThat(hfHome.resolve("hub/models--acme--tiny-chat/snapshots/" + COMMIT + "/tiny-q8_0.gguf")).exists();
            assertThat(api.get("/v2/endpoint/alice/from-hub/logs").body()).contains("downloading tiny-q8_0.gguf");
        }
    }
}
