package examples;

import dev.hearth.client.CreateEndpointRequest;
import dev.hearth.client.InferenceEndpoint;
import dev.hearth.client.InferenceEndpoints;
import dev.hearth.client.NotFoundException;
import dev.hearth.client.inference.InferenceClient;
import dev.hearth.client.inference.StreamToken;
import dev.hearth.client.inference.TextGenerationOutput;
import dev.hearth.client.inference.TextGenerationParameters;

import java.time.Duration;
import java.util.stream.Stream;

/**
 * The seed guide in Java: create (or get) an endpoint, wait for it, generate text three ways, pause it.
 * Needs HEARTH_URL (default http://localhost:8080) and HEARTH_TOKEN.
 */
public final class QuickStart {

    public static void main(String[] args) {
        try (InferenceEndpoints api = InferenceEndpoints.fromEnvironment()) {
            InferenceEndpoint endpoint;
            try {
                endpoint = api.get("my-endpoint-name").resume();
            } catch (NotFoundException firstRun) {
                endpoint = api.create(CreateEndpointRequest.builder("my-endpoint-name", Demo.model())
                        .framework("pytorch").task("text-generation").accelerator("cpu")
                        .vendor("hearth").region("local").type("protected")
                        .instanceSize("x1").instanceType("cpu")
                        .minReplica(0).maxReplica(1).scaleToZeroTimeout(15)
                        .build());
            }
            System.out.println(endpoint);

            endpoint = endpoint.waitUntilRunning(Duration.ofMinutes(5), Duration.ofSeconds(1));
            System.out.println(endpoint);

            InferenceClient client = endpoint.client();
            System.out.println("text:    " + client.textGeneration("I am"));

            TextGenerationOutput out = client.textGeneration("I am",
                    TextGenerationParameters.builder().maxNewTokens(12).details(true).seed(42L).build());
            System.out.println("details: " + out.details().generatedTokens() + " tokens, finished by "
                    + out.details().finishReason());

            System.out.print("stream:  ");
            try (Stream<StreamToken> tokens = client.textGenerationStream("I am",
                    TextGenerationParameters.builder().maxNewTokens(12).build())) {
                tokens.filter(t -> !t.token().special()).forEach(t -> System.out.print(t.token().text()));
            }
            System.out.println();

            System.out.println(endpoint.pause());
        }
    }
}
