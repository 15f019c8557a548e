package dev.hearth.worker;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static dev.hearth.worker.WorkerFixture.http;
import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(WorkerFixture.class)
class ServiceRoutesTest {

    @Test
    void healthAndRootAnswer200OnceTheModelIsLoaded() {
        assertThat(http.get("/health").status()).isEqualTo(200);
        assertThat(http.get("/").status()).isEqualTo(200);
    }

    @Test
    void infoReportsTheLimitsInBothSpellings() {
        JsonNode info = http.get("/info").json();
        assertThat(info.get("model_id").asText()).isEqualTo("tiny-chat");
        assertThat(info.get("max_input_tokens").asInt()).isEqualTo(400);
        assertThat(info.get("max_input_length").asInt()).isEqualTo(400);
        assertThat(info.get("max_total_tokens").asInt()).isEqualTo(512);
        assertThat(info.get("max_stop_sequences").asInt()).isEqualTo(4);
        assertThat(info.get("router").asText()).isEqualTo("text-generation-router");
        assertThat(info.get("model_pipeline_tag").asText()).isEqualTo("text-generation");
    }

    @Test
    void tokenizeReportsByteOffsetsIntoTheInput() {
        String input = "the cat sat";
        JsonNode tokens = http.post("/tokenize", "{\"inputs\":\"" + input + "\"}").json();
        assertThat(tokens.size()).isGreaterThan(1);
        StringBuilder covered = new StringBuilder();
        for (JsonNode t : tokens) {
            assertThat(t.get("text").asText()).isEqualTo(input.substring(t.get("start").asInt(), t.get("stop").asInt()));
            covered.append(t.get("text").asText());
        }
        assertThat(covered.toString()).isEqualTo(input);
    }

    @Test
    void metricsUseTgisNames() {
        http.post("/generate", "{\"inputs\":\"hi\",\"parameters\":{\"max_new_tokens\":2}}");
        http.post("/generate", "{\"inputs\":\"hi\",\"parameters\":{\"temperature\":0}}");
        Http.Response r = http.get("/metrics");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body())
                .contains("# TYPE tgi_request_count counter")
                .containsPattern("(?m)^tgi_request_success [1-9]")
                .contains("tgi_request_failure{err=\"validation\"}")
                .contains("tgi_request_duration_bucket{le=")
                .contains("tgi_request_generated_tokens_count")
                .contains("tgi_batch_current_size")
                .contains("tgi_batch_inference_count{method=\"prefill\"}")
                .contains("tgi_queue_size");
    }
}
