package dev.hearth.bench;

import dev.hearth.worker.Worker;
import dev.hearth.worker.WorkerOptions;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The worker as clients see it: started in this process on a free port, loaded with N concurrent
 * {@code POST /generate_stream} requests (greedy, {@code max_new_tokens} = the token count), one virtual thread
 * per stream noting when each token event arrives.
 */
final class HttpLoad implements AutoCloseable {

    private final Worker worker;
    private final HttpClient client;
    private final URI generateStream;
    private final URI metrics;

    HttpLoad(Path model, int maxTotalTokens, int maxBatchSize, int threads, int prefillChunk) {
        WorkerOptions d = WorkerOptions.defaults(model);
        this.worker = Worker.start(new WorkerOptions(model, Optional.of("bench"), "127.0.0.1", 0,
                Optional.empty(), Optional.of(maxTotalTokens), d.maxConcurrentRequests(), maxBatchSize,
                d.maxStopSequences(), d.maxBestOf(), d.maxTopNTokens(), d.maxClientBatchSize(), d.payloadLimit(),
                threads, prefillChunk, Optional.empty(), Optional.empty()));
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        this.generateStream = URI.create("http://127.0.0.1:" + worker.port() + "/generate_stream");
        this.metrics = URI.create("http://127.0.0.1:" + worker.port() + "/metrics");
    }

    DecodeRate run(List<String> prompts, int tokens) throws InterruptedException {
        double[] before = decodeForward();
        List<StreamTrace> traces = new ArrayList<>();
        List<Thread> clients = new ArrayList<>();
        for (String prompt : prompts) {
            StreamTrace trace = new StreamTrace(tokens);
            traces.add(trace);
            clients.add(Thread.ofVirtual().start(() -> stream(prompt, tokens, trace)));
        }
        for (Thread t : clients) t.join();
        double[] after = decodeForward();
        double steps = after[1] - before[1];
        return DecodeRate.of(traces).withForwardMillis(steps <= 0 ? Double.NaN : (after[0] - before[0]) * 1e3 / steps);
    }

    /**
     * The worker's own account of its decode-only steps from {@code GET /metrics}: the sum (seconds) and count of
     * {@code tgi_batch_forward_duration{method="decode"}}, the time spent inside llama_decode.
     */
    private double[] decodeForward() {
        double[] sumCount = {Double.NaN, Double.NaN};
        try {
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(metrics).GET().build(), HttpResponse.BodyHandlers.ofString());
            for (String line : r.body().lines().toList()) {
                if (!line.contains("method=\"decode\"")) continue;
                double value = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                if (line.startsWith("tgi_batch_forward_duration_sum")) sumCount[0] = value;
                else if (line.startsWith("tgi_batch_forward_duration_count")) sumCount[1] = value;
            }
        } catch (Exception e) {
            Progress.say("could not read /metrics: %s", e);
        }
        return sumCount;
    }

    private void stream(String prompt, int tokens, StreamTrace trace) {
        String body = "{\"inputs\":" + jsonString(prompt) + ",\"parameters\":{\"max_new_tokens\":" + tokens + "}}";
        HttpRequest request = HttpRequest.newBuilder(generateStream)
                .header("Content-Type", "application/json")
                .timeout(Duration.ofMinutes(10))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        try {
            HttpResponse<Stream<String>> response = client.send(request, HttpResponse.BodyHandlers.ofLines());
            if (response.statusCode() != 200) {
                trace.fail("HTTP " + response.statusCode());
                response.body().close();
                return;
            }
            try (Stream<String> lines = response.body()) {
                lines.forEach(line -> {
                    long now = System.nanoTime();
                    if (!line.startsWith("data:")) return;
                    // Every event is one token, the last one with generated_text; an error event has "error".
                    if (line.contains("\"token\":")) trace.token(now);
                    else if (line.contains("\"error\"")) trace.fail(line);
                });
            }
        } catch (Exception e) {
            trace.fail(e.toString());
        }
    }

    private static String jsonString(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                default -> {
                    if (c < 0x20) b.append(String.format("\\u%04x", (int) c));
                    else b.append(c);
                }
            }
        }
        return b.append('"').toString();
    }

    @Override
    public void close() {
        worker.close();
    }
}
