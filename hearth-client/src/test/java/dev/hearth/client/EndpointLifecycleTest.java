package dev.hearth.client;

import dev.hearth.client.inference.TextGenerationOutput;
import dev.hearth.client.inference.TextGenerationParameters;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The seed guide's flow through the SDK, against a real control plane with real workers. */
class EndpointLifecycleTest {

    @TempDir static Path home;
    static TestHearth hearth;
    static InferenceEndpoints api;

    @BeforeAll
    static void start() {
        hearth = TestHearth.start(home, "sdk");
        api = hearth.api();
    }

    @AfterAll
    static void stop() {
        hearth.close();
    }

    @Test
    void theSeedGuidesWholeLifecycleRunsThroughTheSdk() {
        InferenceEndpoint created = api.create(CreateEndpointRequest.builder("lifecycle", hearth.model().toString())
                .task("text-generation").type("protected").minReplica(1).maxReplica(1).env(Map.of("RELEASE", "1"))
                .build());
        assertThat(created.namespace()).isEqualTo("sdk"); // from whoami: no namespace was given
        assertThat(created.status()).isEqualTo(EndpointStatus.PENDING);
        assertThat(created.url()).isEmpty();
        assertThat(created.toString()).contains("name='lifecycle'", "status='pending'", "url=None");
        assertThatThrownBy(created::client).isInstanceOf(InferenceEndpointException.class)
                .hasMessageStartingWith("Cannot create a client for this Inference Endpoint as it is not yet deployed.");

        // wait, then generate through the endpoint's own client
        InferenceEndpoint running = created.waitUntilRunning(Duration.ofSeconds(90), Duration.ofMillis(100));
        assertThat(running.status()).isEqualTo(EndpointStatus.RUNNING);
        assertThat(running.url()).contains(hearth.url() + "/endpoints/sdk/lifecycle");
        assertThat(running.createdAt()).isNotNull();
        TextGenerationOutput out = running.client().textGeneration("the cat",
                TextGenerationParameters.builder().maxNewTokens(4).details(true).build());
        assertThat(out.details().generatedTokens()).isBetween(1, 4);
        assertThat(out.details().tokens()).hasSize(out.details().generatedTokens());

        // get and list
        assertThat(api.get("lifecycle").status()).isEqualTo(EndpointStatus.RUNNING);
        assertThat(api.list()).extracting(InferenceEndpoint::name).contains("lifecycle");
        assertThat(api.listAll()).extracting(InferenceEndpoint::name).contains("lifecycle");

        // pause: no URL, no client
        InferenceEndpoint paused = running.pause();
        assertThat(paused.status()).isEqualTo(EndpointStatus.PAUSED);
        assertThat(paused.url()).isEmpty();
        assertThatThrownBy(paused::client).isInstanceOf(InferenceEndpointException.class);

        // resume; resuming a running endpoint is fine with runningOk, a 400 without
        InferenceEndpoint resumed = paused.resume().waitUntilRunning(Duration.ofSeconds(90), Duration.ofMillis(100));
        assertThat(resumed.resume(true).status()).isEqualTo(EndpointStatus.RUNNING);
        assertThatThrownBy(() -> resumed.resume(false)).isInstanceOf(BadRequestException.class)
                .hasMessageContaining("already running");

        // scale to zero keeps the URL; a request wakes it
        InferenceEndpoint zero = resumed.scaleToZero();
        assertThat(zero.status()).isEqualTo(EndpointStatus.SCALED_TO_ZERO);
        assertThat(zero.url()).isEqualTo(running.url());
        await().atMost(Duration.ofSeconds(20)).until(() -> hearth.replicas("lifecycle").isEmpty());
        assertThat(zero.client().textGeneration("hello", TextGenerationParameters.builder().maxNewTokens(2).build())
                .generatedText()).isNotNull();
        assertThat(zero.fetch().status()).isEqualTo(EndpointStatus.RUNNING);

        // a sparse update: only scaling changes, the rest stays
        InferenceEndpoint updated = zero.update(EndpointUpdate.builder().maxReplica(2).build());
        assertThat(updated.info().compute().maxReplica()).isEqualTo(2);
        assertThat(updated.info().compute().minReplica()).isEqualTo(1);
        assertThat(updated.repository()).isEqualTo(hearth.model().toString());
        assertThat(updated.info().raw().path("model").path("env").path("RELEASE").asText()).isEqualTo("1");

        // an update whose replicas cannot start: waiting reports it
        InferenceEndpoint broken = updated.waitUntilRunning(Duration.ofSeconds(60), Duration.ofMillis(100))
                .update(EndpointUpdate.builder().customImage("echo broken build >&2; exit 7", "/health", null).build());
        assertThatThrownBy(() -> broken.waitUntilRunning(Duration.ofSeconds(60), Duration.ofMillis(100)))
                .isInstanceOf(InferenceEndpointException.class)
                .isNotInstanceOf(InferenceEndpointTimeoutException.class)
                .hasMessage("Inference Endpoint lifecycle failed to update. Please check the logs for more information.");
        assertThat(broken.logs(200)).contains("broken build");

        // delete
        broken.delete();
        assertThatThrownBy(() -> api.get("lifecycle")).isInstanceOf(NotFoundException.class)
                .satisfies(e -> assertThat(((NotFoundException) e).status()).isEqualTo(404));
    }

    @Test
    void waitingTimesOutWithHuggingfaceHubsError() {
        InferenceEndpoint e = api.create(CreateEndpointRequest.builder("slow", hearth.model().toString()).build());
        // A worker JVM takes longer than this to load the model.
        assertThatThrownBy(() -> e.waitUntilRunning(Duration.ofMillis(300), Duration.ofMillis(100)))
                .isInstanceOf(InferenceEndpointTimeoutException.class)
                .isInstanceOf(InferenceEndpointException.class)
                .hasMessage("Timeout while waiting for Inference Endpoint to be deployed.");
        assertThatThrownBy(() -> e.waitUntilRunning(Duration.ofSeconds(-1), Duration.ofMillis(100)))
                .isInstanceOf(IllegalArgumentException.class);
        e.delete();
    }

    @Test
    void waitingForAnEndpointWhoseContainerExitsFailsWithTheDeployError() {
        InferenceEndpoint e = api.create(CreateEndpointRequest.builder("crashy", "my-org/crashy")
                .framework("custom").type("public")
                .customImage("echo \"weights are corrupt ($GREETING)\" >&2; exit 1", "/health", Map.of("GREETING", "hi"))
                .build());
        assertThatThrownBy(() -> e.waitUntilRunning(Duration.ofSeconds(60), Duration.ofMillis(100)))
                .isExactlyInstanceOf(InferenceEndpointException.class)
                .hasMessage("Inference Endpoint crashy failed to deploy. Please check the logs for more information.");
        InferenceEndpoint failed = e.fetch();
        assertThat(failed.status()).isEqualTo(EndpointStatus.FAILED);
        assertThat(failed.info().message()).contains("weights are corrupt (hi)");
        failed.delete();
    }

    @Test
    void serverErrorsAreTypedAndCarryTheServersMessage() {
        assertThatThrownBy(() -> api.get("nope")).isInstanceOf(NotFoundException.class)
                .hasMessageContaining("nope");
        try (InferenceEndpoints stranger = InferenceEndpoints.connect(hearth.url(), "not-a-token")) {
            assertThatThrownBy(stranger::list).isInstanceOf(UnauthorizedException.class)
                    .satisfies(ex -> assertThat(((HearthHttpException) ex).status()).isEqualTo(401));
        }
        assertThatThrownBy(() -> api.create(CreateEndpointRequest.builder("Bad_Name", hearth.model().toString()).build()))
                .isInstanceOf(BadRequestException.class)
                .satisfies(ex -> assertThat(((HearthHttpException) ex).serverMessage()).isNotBlank());
        try (InferenceEndpoints nobody = InferenceEndpoints.connect("http://127.0.0.1:1", "x")) {
            assertThatThrownBy(nobody::list).isInstanceOf(HearthConnectionException.class)
                    .hasMessageContaining("connection refused");
        }
    }
}
