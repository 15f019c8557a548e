package dev.hearth.worker;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;

import static dev.hearth.worker.WorkerFixture.http;
import static org.assertj.core.api.Assertions.assertThat;

/** Every kind of bad input gets a clear 4xx in TGI's shape, and the worker keeps serving. */
@ExtendWith(WorkerFixture.class)
class BadInputTest {

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', value = {
            "{\"temperature\":0}                  | `temperature` must be strictly positive",
            "{\"temperature\":-1}                 | `temperature` must be strictly positive",
            "{\"repetition_penalty\":0}           | `repetition_penalty` must be strictly positive",
            "{\"frequency_penalty\":3}            | `frequency_penalty` must be >= -2.0 and <= 2.0",
            "{\"top_p\":1.0}                      | `top_p` must be > 0.0 and < 1.0",
            "{\"top_p\":0}                        | `top_p` must be > 0.0 and < 1.0",
            "{\"typical_p\":1.5}                  | `typical_p` must be > 0.0 and < 1.0",
            "{\"top_k\":0}                        | `top_k` must be strictly positive",
            "{\"max_new_tokens\":0}               | `max_new_tokens` must be strictly positive",
            "{\"stop\":[\"a\",\"b\",\"c\",\"d\",\"e\"]} | `stop` supports up to 4 stop sequences. Given: 5",
            "{\"top_n_tokens\":6}                 | `top_n_tokens` must be >= 0 and <= 5. Given: 6",
            "{\"truncate\":0}                     | `truncate` must be strictly positive and less than 400. Given: 0",
            "{\"max_new_tokens\":511}             | `inputs` tokens + `max_new_tokens` must be <= 512. Given: 2 `inputs` tokens and 511 `max_new_tokens`",
            "{\"best_of\":2}                      | you must use sampling when `best_of` is > 1",
            "{\"best_of\":3,\"do_sample\":true}   | `best_of` must be > 0 and <= 2. Given: 3",
    })
    void invalidParametersGet422WithTgisMessage(String parameters, String message) {
        Http.Response r = http.post("/generate", "{\"inputs\":\"hello\",\"parameters\":" + parameters + "}");
        assertThat(r.status()).isEqualTo(422);
        assertThat(r.json().get("error_type").asText()).isEqualTo("validation");
        assertThat(r.json().get("error").asText()).startsWith("Input validation error: " + message.strip());
    }

    @Test
    void emptyInputsAreRefused() {
        Http.Response r = http.post("/generate", "{\"inputs\":\"\"}");
        assertThat(r.status()).isEqualTo(422);
        assertThat(r.json().get("error").asText()).isEqualTo("Input validation error: `inputs` cannot be empty");
    }

    @Test
    void anInputLongerThanTheLimitIsRefusedAndTheWorkerKeepsServing() {
        String huge = "word ".repeat(5000);
        Http.Response r = http.post("/generate", "{\"inputs\":\"" + huge + "\",\"parameters\":{\"max_new_tokens\":1}}");
        assertThat(r.status()).isEqualTo(422);
        assertThat(r.json().get("error").asText()).contains("must be <= 512");
        assertThat(http.post("/generate", "{\"inputs\":\"hi\",\"parameters\":{\"max_new_tokens\":1}}").status()).isEqualTo(200);
    }

    @Test
    void aMalformedChunkedBodyIs400WithAShortMessageAndTheWorkerKeepsServing() throws Exception {
        String reply = raw("POST /generate HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\nzz\r\n{}\r\n0\r\n\r\n");
        assertThat(reply).startsWith("HTTP/1.1 400");
        assertThat(reply).doesNotContainIgnoringCase("exception").doesNotContain("org.eclipse");
        assertThat(http.post("/generate", "{\"inputs\":\"hi\",\"parameters\":{\"max_new_tokens\":1}}").status()).isEqualTo(200);
    }

    /** Sends bytes no HTTP client library would send; returns everything the worker answers. */
    private static String raw(String request) throws Exception {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", WorkerFixture.worker.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    @Test
    void malformedJsonIs400PlainText() {
        Http.Response r = http.post("/generate", "{\"inputs\": ");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body()).startsWith("Failed to parse the request body as JSON");
    }

    @Test
    void wrongTypesAre422() {
        Http.Response r = http.post("/generate", "{\"inputs\":\"x\",\"parameters\":{\"max_new_tokens\":\"ten\"}}");
        assertThat(r.status()).isEqualTo(422);
        assertThat(r.body()).startsWith("Failed to deserialize the JSON body into the target type");
        assertThat(http.post("/generate", "{\"parameters\":{}}").status()).as("missing inputs").isEqualTo(422);
        assertThat(http.post("/generate", "[1,2]").status()).isEqualTo(422);
    }

    @Test
    void aBodyThatIsNotJsonIs415() {
        Http.Response r = http.post("/generate", "text/plain", "{\"inputs\":\"x\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(r.status()).isEqualTo(415);
        assertThat(http.post("/generate", null, "{\"inputs\":\"x\"}".getBytes(StandardCharsets.UTF_8)).status()).isEqualTo(415);
    }

    @Test
    void invalidUtf8IsA400() {
        byte[] body = {'{', '"', 'i', 'n', 'p', 'u', 't', 's', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
        Http.Response r = http.post("/generate", "application/json", body);
        assertThat(r.status()).isEqualTo(400);
    }

    @Test
    void aBodyOverThePayloadLimitIs413() {
        byte[] body = ("{\"inputs\":\"" + "a".repeat(2_100_000) + "\"}").getBytes(StandardCharsets.UTF_8);
        assertThat(http.post("/generate", "application/json", body).status()).isEqualTo(413);
    }

    @Test
    void validationErrorsOnTheStreamingRouteArriveAsAnEventAfterA200() {
        Http.Response r = http.post("/generate_stream", "{\"inputs\":\"x\",\"parameters\":{\"temperature\":0}}");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.events()).hasSize(1);
        JsonNode e = Http.readJson(r.events().getFirst());
        assertThat(e.get("error_type").asText()).isEqualTo("validation");
        assertThat(e.get("error").asText()).isEqualTo("Input validation error: `temperature` must be strictly positive");
    }

    @Test
    void streamingWithBestOfOrPrefillDetailsIsRefused() {
        Http.Response r = http.post("/generate_stream", "{\"inputs\":\"x\",\"parameters\":{\"decoder_input_details\":true}}");
        assertThat(Http.readJson(r.events().getFirst()).get("error_type").asText()).isEqualTo("validation");
    }

    @Test
    void aSchemaKeywordThatCannotBeGuaranteedIsRefusedByName() {
        Http.Response r = http.post("/generate", "{\"inputs\":\"x\",\"parameters\":{\"grammar\":{\"type\":\"json\","
                + "\"value\":{\"type\":\"object\",\"properties\":{\"n\":{\"type\":\"integer\",\"multipleOf\":3}}}}}}");
        assertThat(r.status()).isEqualTo(422);
        assertThat(r.json().get("error_type").asText()).isEqualTo("validation");
        assertThat(r.json().get("error").asText()).contains("grammar is not valid: ").contains("'multipleOf'");
    }

    @Test
    void anInvalidSchemaAndARegexThatDoesNotCompileAreRefused() {
        Http.Response schema = http.post("/generate", "{\"inputs\":\"x\",\"parameters\":{\"grammar\":{\"type\":\"json\","
                + "\"value\":{\"type\":\"object\",\"properties\":{\"a\":{\"$ref\":\"#/$defs/missing\"}}}}}}");
        assertThat(schema.status()).isEqualTo(422);
        assertThat(schema.json().get("error").asText()).contains("grammar is not valid: ");
        Http.Response regex = http.post("/generate",
                "{\"inputs\":\"x\",\"parameters\":{\"grammar\":{\"type\":\"regex\",\"value\":\"[a-z\"}}}");
        assertThat(regex.status()).isEqualTo(422);
        assertThat(regex.json().get("error_type").asText()).isEqualTo("validation");
        Http.Response chat = http.post("/v1/chat/completions", "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
                + "\"response_format\":{\"type\":\"regex\",\"value\":\"(a\"}}");
        assertThat(chat.status()).isEqualTo(422);
        assertThat(chat.json().get("error").asText()).contains("grammar is not valid: ");
    }

    @Test
    void unknownRoutesAre404NotErrors() {
        assertThat(http.post("/nope", "{}").status()).isEqualTo(404);
    }
}
