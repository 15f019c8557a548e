package dev.hearth.embed;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** TEI's limits and error answers, status and body, and bad input that must never become a 500. */
class TeiErrorsTest {

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

    static String list(int n) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < n; i++) b.append(i > 0 ? "," : "").append("\"sentence ").append(i).append('"');
        return b.append(']').toString();
    }

    static void assertTeiError(Http.Response r, int status, String type, String error) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.json().get("error_type").asText()).isEqualTo(type);
        assertThat(r.json().get("error").asText()).isEqualTo(error);
    }

    @Test
    void moreThanMaxClientBatchSizeInputsIsA422Validation() {
        assertThat(http.post("/embed", "{\"inputs\":" + list(32) + "}").status()).isEqualTo(200);
        assertTeiError(http.post("/embed", "{\"inputs\":" + list(33) + "}"), 422, "Validation",
                "batch size 33 > maximum allowed batch size 32");
    }

    @Test
    void emptyInputsAreA400Empty() {
        assertTeiError(http.post("/embed", "{\"inputs\":\"\"}"), 400, "Empty", "Input validation error: `inputs` cannot be empty");
        assertTeiError(http.post("/embed", "{\"inputs\":[]}"), 400, "Empty", "Input validation error: `inputs` cannot be empty");
        assertTeiError(http.post("/embed", "{\"inputs\":[\"ok\",\"\"]}"), 400, "Empty", "Input validation error: `inputs` cannot be empty");
    }

    @Test
    void tooLongInputIsA422WithoutTruncateAndCutWithIt() {
        String longText = "word ".repeat(400);
        assertTeiError(http.post("/embed", "{\"inputs\":\"" + longText + "\",\"truncate\":false}"), 422, "Validation",
                "Input validation error: `inputs` must have less than 256 tokens. Given: 402");
        // auto_truncate is on by default, as in TEI 1.9
        assertThat(http.post("/embed", "{\"inputs\":\"" + longText + "\"}").status()).isEqualTo(200);
        // Right keeps [CLS] + the first 254 text tokens + [SEP]; left keeps [CLS] + the last 254 + [SEP].
        String text = "revenue " + "cats ".repeat(300) + "margins";
        float[] right = http.post("/embed", "{\"inputs\":\"" + text + "\",\"truncation_direction\":\"Right\"}").matrix()[0];
        float[] left = http.post("/embed", "{\"inputs\":\"" + text + "\",\"truncation_direction\":\"left\"}").matrix()[0];
        float[] head = http.post("/embed", "{\"inputs\":\"revenue " + "cats ".repeat(253) + "\"}").matrix()[0];
        float[] tail = http.post("/embed", "{\"inputs\":\"" + "cats ".repeat(253) + "margins\"}").matrix()[0];
        assertThat(TestServers.cosine(right, head)).isCloseTo(1.0, org.assertj.core.api.Assertions.within(1e-6));
        assertThat(TestServers.cosine(left, tail)).isCloseTo(1.0, org.assertj.core.api.Assertions.within(1e-6));
        assertThat(TestServers.cosine(left, head)).isLessThan(0.9999);
    }

    @Test
    void moreCharactersThanTheTokenLimitAllowsIsRefusedBeforeTokenizing() {
        String huge = "a".repeat(256 * 250 + 1);
        assertTeiError(http.post("/embed", "{\"inputs\":\"" + huge + "\",\"truncate\":false}"), 422, "Validation",
                "Input validation error: `inputs` must have less than 64000 characters. Given: 64001");
    }

    @Test
    void aBodyOverThePayloadLimitIsA413() {
        String big = "x".repeat(2_000_001);
        Http.Response r = http.post("/embed", "{\"inputs\":\"" + big + "\"}");
        assertThat(r.status()).isEqualTo(413);
    }

    @Test
    void malformedJsonWrongTypesAndInvalidUtf8AreClear4xx() {
        Http.Response malformed = http.post("/embed", "{\"inputs\":");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.body()).startsWith("Failed to parse the request body as JSON");

        Http.Response utf8 = http.post("/embed", "application/json",
                new byte[]{'{', '"', 'i', 'n', 'p', 'u', 't', 's', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'});
        assertThat(utf8.status()).isEqualTo(400);
        assertThat(utf8.body()).contains("invalid UTF-8");

        for (String body : new String[]{"{\"inputs\":42}", "{\"inputs\":[1.5]}", "{\"inputs\":[-1]}", "{\"inputs\":null}",
                "{\"inputs\":[{\"a\":1}]}", "{}", "[]", "\"text\"", "{\"inputs\":\"a\",\"normalize\":\"yes\"}",
                "{\"inputs\":\"a\",\"truncate\":1}", "{\"inputs\":\"a\",\"truncation_direction\":\"up\"}",
                "{\"inputs\":\"a\",\"dimensions\":\"8\"}"}) {
            Http.Response r = http.post("/embed", body);
            assertThat(r.status()).as(body + " -> " + r.body()).isEqualTo(422);
            assertThat(r.body()).startsWith("Failed to deserialize the JSON body into the target type");
        }
        assertThat(http.post("/embed", "text/plain", "{\"inputs\":\"a\"}".getBytes(StandardCharsets.UTF_8)).status()).isEqualTo(415);
        assertThat(http.post("/embed", "{\"inputs\":[99999999]}").status()).isEqualTo(422);
    }

    @Test
    void unknownFieldsAreIgnoredAsTeiDoes() {
        assertThat(http.post("/embed", "{\"inputs\":\"a\",\"model\":\"x\",\"parameters\":{}}").status()).isEqualTo(200);
    }

    @Test
    void promptNameOnAModelWithoutPromptsAndZeroDimensionsAre422() {
        assertTeiError(http.post("/embed", "{\"inputs\":\"a\",\"prompt_name\":\"query\"}"), 422, "Validation",
                "Input validation error: `default-prompt-name` is set to `query` but no prompts were found in the Sentence Transformers configuration");
        assertTeiError(http.post("/embed", "{\"inputs\":\"a\",\"dimensions\":0}"), 422, "Validation",
                "Input validation error: `dimensions` should be positive");
        assertTeiError(http.post("/embed", "{\"inputs\":\"a\",\"dimensions\":385}"), 422, "Validation",
                "Input validation error: `dimensions` should be smaller than the maximum embedding dimension.");
    }

    @Test
    void failuresAreCountedUnderTeisLabels() {
        http.post("/embed", "{\"inputs\":" + list(40) + "}");
        String metrics = http.get("/metrics").body();
        assertThat(metrics).contains("te_request_failure{err=\"batch_size\"}");
    }

    @Test
    void pastMaxConcurrentRequestsIsA429OverloadedAndMaxBatchTokensCapsTheInputLength() {
        try (EmbeddingWorker small = EmbeddingWorker.start(TestServers.options().withLimits(2, 64, 32))) {
            Http h = Http.of(small);
            Http.Response overloaded = h.post("/embed", "{\"inputs\":" + list(3) + "}");
            assertTeiError(overloaded, 429, "Overloaded", "Model is overloaded");
            assertThat(overloaded.header("Retry-After")).isEqualTo("1");
            assertThat(h.post("/embed", "{\"inputs\":" + list(2) + "}").status()).isEqualTo(200);
            assertThat(h.get("/info").json().get("max_input_length").asInt()).isEqualTo(64);
            assertTeiError(h.post("/embed", "{\"inputs\":\"" + "word ".repeat(100) + "\",\"truncate\":false}"), 422,
                    "Validation", "Input validation error: `inputs` must have less than 64 tokens. Given: 102");
            assertThat(h.get("/metrics").body()).contains("te_request_failure{err=\"overloaded\"} 1");
        }
    }
}
