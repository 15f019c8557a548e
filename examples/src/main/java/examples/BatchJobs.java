package examples;

import dev.hearth.client.CreateEndpointRequest;
import dev.hearth.client.InferenceEndpoint;
import dev.hearth.client.InferenceEndpoints;
import dev.hearth.client.NotFoundException;
import dev.hearth.client.inference.AsyncInferenceClient;
import dev.hearth.client.inference.TextGenerationParameters;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The seed guide's end-to-end example: start an endpoint (resume it if it exists, else create it), wait until it
 * serves, run a list of jobs concurrently, then pause it so it costs nothing until the next batch.
 */
public final class BatchJobs {

    public static void main(String[] args) {
        List<String> jobs = List.of("Once upon a time", "The capital of France is", "def fibonacci(n):",
                "Dear diary,", "The best way to learn Java is", "In the beginning", "Roses are red,", "Breaking news:");

        try (InferenceEndpoints api = InferenceEndpoints.fromEnvironment()) {
            InferenceEndpoint endpoint;
            try {
                endpoint = api.get("batch-endpoint").resume();
            } catch (NotFoundException firstRun) {
                endpoint = api.create(CreateEndpointRequest.builder("batch-endpoint", Demo.model())
                        .minReplica(1).maxReplica(2).build());
            }
            endpoint = endpoint.waitUntilRunning(Duration.ofMinutes(5), Duration.ofSeconds(1));

            // Every job at once; the endpoint batches them (and scales up to two replicas if they queue).
            AsyncInferenceClient client = endpoint.asyncClient();
            TextGenerationParameters parameters = TextGenerationParameters.builder().maxNewTokens(16).build();
            List<CompletableFuture<String>> results = jobs.stream()
                    .map(job -> client.textGeneration(job, parameters).thenApply(out -> job + out.generatedText()))
                    .toList();
            CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)).join();
            results.forEach(r -> System.out.println("- " + r.join().replace('\n', ' ')));

            System.out.println(endpoint.pause());
        }
    }
}
