package dev.hearth.worker;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A worker that admits one request at a time: past that it answers 429; a client that leaves frees its place. */
class OverloadAndDisconnectTest {

    static final int LONG = 32768;
    static Worker worker;
    static Http http;

    @BeforeAll
    static void start() {
        WorkerOptions o = TestModels.options(WorkerFixture.model());
        // A long context gives the greedy generation below room to run for seconds on this tiny model.
        worker = Worker.start(new WorkerOptions(o.model(), o.modelId(), o.host(), 0, Optional.of(100), Optional.of(LONG),
                1, 2, o.maxStopSequences(), o.maxBestOf(), o.maxTopNTokens(), o.maxClientBatchSize(),
                o.payloadLimit(), 1, o.prefillChunk(), Optional.empty(), Optional.empty()));
        http = new Http("http://127.0.0.1:" + worker.port());
    }

    @AfterAll
    static void stop() {
        worker.close();
    }

    /** Opens a long streaming generation on a raw socket and waits for its first event. */
    static Socket longStream() throws Exception {
        Socket socket = new Socket("127.0.0.1", worker.port());
        String body = "{\"inputs\":\"go on\",\"parameters\":{\"max_new_tokens\":1000}}";
        OutputStream out = socket.getOutputStream();
        out.write(("POST /generate_stream HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: "
                + body.length() + "\r\n\r\n" + body).getBytes(StandardCharsets.UTF_8));
        out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null && !line.startsWith("data:")) { /* headers, chunk sizes */ }
        assertThat(line).startsWith("data:");
        return socket;
    }

    @Test
    void aRequestBeyondTheConcurrencyLimitGets429AndALeavingClientFreesItsPlace() throws Exception {
        // max_total_tokens bounds the long generation; it runs for a while at this model's speed.
        Socket busy = longStream();

        Http.Response refused = http.post("/generate", "{\"inputs\":\"hi\",\"parameters\":{\"max_new_tokens\":1}}");
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.json().get("error").asText()).isEqualTo("Model is overloaded");
        assertThat(refused.json().get("error_type").asText()).isEqualTo("overloaded");
        assertThat(refused.header("Retry-After")).isEqualTo("1");

        busy.close();
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(http.post("/generate", "{\"inputs\":\"hi\",\"parameters\":{\"max_new_tokens\":1}}").status())
                        .isEqualTo(200));
        assertThat(dropped(http.get("/metrics").body())).isPositive();
    }

    /** The chat route shares this path; its template makes this random model stop too soon to keep the place busy. */
    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
            "/generate            | {\"inputs\":\"go on\",\"parameters\":{\"max_new_tokens\":30000}}",
            "/v1/completions      | {\"prompt\":\"go on\",\"max_tokens\":30000,\"temperature\":0}",
    })
    void aNonStreamingClientThatHangsUpHasItsGenerationCancelled(String route, String body) throws Exception {
        String before = http.get("/metrics").body();
        try (Socket socket = new Socket("127.0.0.1", worker.port())) {
            socket.getOutputStream().write(("POST " + route + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + body.length() + "\r\n\r\n" + body).getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    http.post("/generate", "{\"inputs\":\"hi\",\"parameters\":{\"max_new_tokens\":1}}").status() == 429);
        }
        // Its one place is free again long before 30,000 tokens could have been generated, and it counts as dropped.
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(http.post("/generate", "{\"inputs\":\"hi\",\"parameters\":{\"max_new_tokens\":1}}").status())
                        .isEqualTo(200));
        assertThat(dropped(http.get("/metrics").body())).isEqualTo(dropped(before) + 1);
    }

    private static long dropped(String metrics) {
        return metrics.lines().filter(l -> l.startsWith("tgi_request_failure{err=\"dropped\"}"))
                .mapToLong(l -> (long) Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }
}
