package dev.hearth.server.it;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;

import static org.awaitility.Awaitility.await;

/** huggingface_hub's wait(), for any test: running, a URL, and the health route answering 200. */
final class EndpointLifecycleTestSupport {

    private EndpointLifecycleTestSupport() {}

    static String waitUntilRunning(ControlPlane.Client api, String name) {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() -> {
            JsonNode e = api.get("/v2/endpoint/alice/" + name).json();
            String state = e.path("status").path("state").asText();
            if (state.equals("failed")) throw new AssertionError("endpoint failed: " + e.path("status").path("message"));
            String url = e.path("status").path("url").asText(null);
            return state.equals("running") && url != null && api.get(url + e.get("healthRoute").asText()).status() == 200;
        });
        return api.get("/v2/endpoint/alice/" + name).json().path("status").path("url").asText();
    }
}
