package examples;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.client.Batch;
import dev.hearth.client.BatchResult;
import dev.hearth.client.CreateEndpointRequest;
import dev.hearth.client.EndpointStatus;
import dev.hearth.client.FileObject;
import dev.hearth.client.InferenceEndpoint;
import dev.hearth.client.InferenceEndpoints;
import dev.hearth.client.NotFoundException;
import dev.hearth.client.inference.AsyncInferenceClient;
import dev.hearth.client.inference.TextGenerationParameters;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The seed guide's end-to-end example, two ways. Run with {@code client}, {@code server}, or nothing for both.
 *
 * <ol>
 *   <li>{@code client}: the seed's own loop. Resume the endpoint (create it on the first run), wait until it serves,
 *       run every job concurrently, pause it. If this program dies half-way, the endpoint keeps running and the jobs
 *       are half done.</li>
 *   <li>{@code server}: the same jobs as a batch (OpenAI's Batch API). Upload them as JSONL, create the batch, and
 *       follow it. The server resumes the paused endpoint, runs the lines, and pauses it again; progress is kept in
 *       its store, so the program may die, or stop following, and the batch still finishes.</li>
 * </ol>
 */
public final class BatchJobs {

    static final String ENDPOINT = "batch-endpoint";
    static final List<String> JOBS = List.of("Once upon a time", "The capital of France is", "def fibonacci(n):",
            "Dear diary,", "The best way to learn Java is", "In the beginning", "Roses are red,", "Breaking news:");

    public static void main(String[] args) {
        String mode = args.length > 0 ? args[0] : "both";
        try (InferenceEndpoints api = InferenceEndpoints.fromEnvironment()) {
            if (!mode.equals("server")) clientLoop(api);
            if (!mode.equals("client")) serverBatch(api);
        }
    }

    /** The seed's loop, with the existing SDK: resume, wait, run every job at once, pause. */
    static void clientLoop(InferenceEndpoints api) {
        System.out.println("== client-side loop");
        InferenceEndpoint endpoint;
        try {
            endpoint = api.get(ENDPOINT).resume();
        } catch (NotFoundException firstRun) {
            endpoint = api.create(CreateEndpointRequest.builder(ENDPOINT, Demo.model()).minReplica(1).maxReplica(2).build());
        }
        endpoint = endpoint.waitUntilRunning(Duration.ofMinutes(5), Duration.ofSeconds(1));

        // Every job at once; the endpoint batches them (and scales up to two replicas if they queue).
        AsyncInferenceClient client = endpoint.asyncClient();
        TextGenerationParameters parameters = TextGenerationParameters.builder().maxNewTokens(16).build();
        List<CompletableFuture<String>> results = JOBS.stream()
                .map(job -> client.textGeneration(job, parameters).thenApply(out -> job + out.generatedText()))
                .toList();
        CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)).join();
        results.forEach(r -> System.out.println("- " + r.join().replace('\n', ' ')));

        System.out.println(endpoint.pause());
    }

    /** The same jobs run by the server: upload, create, follow; the server resumes and pauses the endpoint. */
    static void serverBatch(InferenceEndpoints api) {
        System.out.println("== server-side batch");
        try {
            InferenceEndpoint e = api.get(ENDPOINT);
            if (e.status() != EndpointStatus.PAUSED) e.pause();   // as the loop leaves it: the batch resumes it itself
        } catch (NotFoundException firstRun) {
            api.create(CreateEndpointRequest.builder(ENDPOINT, Demo.model()).minReplica(1).maxReplica(2).build()).pause();
        }

        // One line per job: a /v1/completions request routed by its "model", the endpoint's name.
        ObjectMapper json = new ObjectMapper();
        String jsonl = IntStream.range(0, JOBS.size()).mapToObj(i -> {
            ObjectNode line = json.createObjectNode().put("custom_id", "job-" + i).put("method", "POST")
                    .put("url", "/v1/completions");
            line.putObject("body").put("model", ENDPOINT).put("prompt", JOBS.get(i)).put("max_tokens", 16);
            return line.toString();
        }).collect(Collectors.joining("\n", "", "\n"));

        FileObject input = api.files().upload("jobs.jsonl", jsonl);
        Batch batch = api.batches().create(input.id(), "/v1/completions");
        System.out.println(batch.id() + ": " + batch.progress() + " (input " + input.id() + ")");

        batch = api.batches().waitFor(batch.id(), Duration.ofMinutes(30), b -> System.out.println("  " + b.progress()));
        for (BatchResult r : api.batches().results(batch)) {
            int job = Integer.parseInt(r.customId().substring("job-".length()));
            System.out.println("- " + (r.succeeded() ? JOBS.get(job) + r.text() : r.customId() + " failed: " + r.body())
                    .replace('\n', ' '));
        }
        System.out.println(api.get(ENDPOINT));   // paused again: the batch put it back as it found it
    }
}
