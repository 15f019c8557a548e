package dev.hearth.client;

import dev.hearth.client.inference.AsyncInferenceClient;
import dev.hearth.client.inference.ChatCompletionChunk;
import dev.hearth.client.inference.ChatCompletionOutput;
import dev.hearth.client.inference.ChatCompletionRequest;
import dev.hearth.client.inference.ChatMessage;
import dev.hearth.client.inference.Grammar;
import dev.hearth.client.inference.Tool;
import dev.hearth.client.inference.ToolCall;
import dev.hearth.client.inference.ToolChoice;
import dev.hearth.client.inference.InferenceClient;
import dev.hearth.client.inference.RetryPolicy;
import dev.hearth.client.inference.ServerInfo;
import dev.hearth.client.inference.StreamToken;
import dev.hearth.client.inference.TextGenerationOutput;
import dev.hearth.client.inference.TextGenerationParameters;
import dev.hearth.client.inference.TokenInfo;
import dev.hearth.client.inference.ValidationException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The data plane through {@link InferenceClient}, against a real endpoint behind the gateway. */
class InferenceClientTest {

    @TempDir static Path home;
    static TestHearth hearth;
    static InferenceEndpoint endpoint;
    static InferenceClient client;

    @BeforeAll
    static void start() {
        hearth = TestHearth.start(home, "sdk");
        endpoint = hearth.running("gen", 1, 1);
        client = endpoint.client();
    }

    @AfterAll
    static void stop() {
        client.close();
        hearth.close();
    }

    static TextGenerationParameters.Builder tokens(int n) {
        return TextGenerationParameters.builder().maxNewTokens(n);
    }

    @Test
    void textGenerationReturnsTheContinuationAndDetailsWhenAsked() {
        TextGenerationOutput out = client.textGeneration("the cat", tokens(5).details(true).seed(7L).temperature(0.8).build());
        assertThat(out.details().generatedTokens()).isBetween(1, 5);
        assertThat(out.details().finishReason()).isIn("length", "eos_token", "stop_sequence");
        assertThat(out.details().seed()).isEqualTo(7L);
        assertThat(out.promptTokens()).isPositive();

        TextGenerationOutput full = client.textGeneration("the cat", tokens(3).returnFullText(true).build());
        assertThat(full.generatedText()).startsWith("the cat");
        assertThat(full.details()).isNull();
    }

    @Test
    void aValidationErrorIsTypedWithTgisErrorType() {
        assertThatThrownBy(() -> client.textGeneration("hi", tokens(2).temperature(0.0).build()))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("temperature")
                .satisfies(e -> {
                    ValidationException v = (ValidationException) e;
                    assertThat(v.status()).isEqualTo(422);
                    assertThat(v.errorType()).contains("validation");
                });
    }

    @Test
    void streamingYieldsOneEventPerTokenAndTheTextLast() {
        List<StreamToken> events;
        try (Stream<StreamToken> s = client.textGenerationStream("the cat", tokens(6).details(true).build())) {
            events = s.toList();
        }
        assertThat(events).isNotEmpty().hasSizeLessThanOrEqualTo(6);
        assertThat(events).extracting(StreamToken::index).startsWith(1);
        StreamToken last = events.getLast();
        assertThat(last.last()).isTrue();
        assertThat(last.details().generatedTokens()).isEqualTo(events.size());
        assertThat(events.subList(0, events.size() - 1)).noneMatch(StreamToken::last);
    }

    @Test
    void anErrorInsideAStreamIsThrownTyped() {
        try (Stream<StreamToken> s = client.textGenerationStream("hi", tokens(2).temperature(0.0).build())) {
            assertThatThrownBy(s::toList).isInstanceOf(ValidationException.class).hasMessageContaining("temperature");
        }
    }

    @Test
    void aPublisherDeliversTokensOnDemandAndCompletes() throws Exception {
        List<StreamToken> got = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> done = new CompletableFuture<>();
        client.textGenerationPublisher("the cat", tokens(4).build()).subscribe(new Flow.Subscriber<>() {
            Flow.Subscription s;
            public void onSubscribe(Flow.Subscription s) { this.s = s; s.request(1); }
            public void onNext(StreamToken t) { got.add(t); s.request(1); }
            public void onError(Throwable t) { done.completeExceptionally(t); }
            public void onComplete() { done.complete(null); }
        });
        done.get(30, TimeUnit.SECONDS);
        assertThat(got).isNotEmpty();
        assertThat(got.getLast().last()).isTrue();
    }

    @Test
    void closingAStreamEarlyCancelsTheGenerationOnTheServer() {
        // A context far longer than the model's default, so that no generation here can finish (and fit in the
        // sockets' buffers) before the server sees the client leave; on a fast machine 500 tokens take ~0.5 s.
        InferenceEndpoint longer = hearth.api().create(CreateEndpointRequest.builder("long", hearth.model().toString())
                        .env(Map.of("MAX_TOTAL_TOKENS", "32768")).build())
                .waitUntilRunning(Duration.ofSeconds(90), Duration.ofMillis(100));
        InferenceClient client = longer.client();
        String metrics = longer.url().orElseThrow() + "/metrics";
        ServerInfo info = client.info();
        assertThat(info.maxTotalTokens()).isEqualTo(32768);
        int room = 1000;
        long droppedBefore = dropped(metrics);
        try (Stream<StreamToken> s = client.textGenerationStream("the cat",
                tokens(room).temperature(1.0).seed(1L).build())) {
            Iterator<StreamToken> it = s.iterator();
            assertThat(it.next().index()).isEqualTo(1);
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> dropped(metrics) > droppedBefore);

        // The same through a publisher's cancel().
        long before = dropped(metrics);
        CompletableFuture<Void> cancelled = new CompletableFuture<>();
        client.textGenerationPublisher("the cat", tokens(room).temperature(1.0).seed(2L).build())
                .subscribe(new Flow.Subscriber<>() {
                    Flow.Subscription s;
                    public void onSubscribe(Flow.Subscription s) { this.s = s; s.request(1); }
                    public void onNext(StreamToken t) { s.cancel(); cancelled.complete(null); }
                    public void onError(Throwable t) { cancelled.completeExceptionally(t); }
                    public void onComplete() { }
                });
        cancelled.join();
        await().atMost(Duration.ofSeconds(20)).until(() -> dropped(metrics) > before);
        longer.delete();
    }

    @Test
    void aCallDuringAColdStartIsRetriedUntilTheReplicaIsReady() {
        // Idle scale-to-zero is far away (the tests' minute is a second), so only the explicit scale-to-zero applies.
        InferenceEndpoint cold = hearth.api().create(CreateEndpointRequest.builder("cold", hearth.model().toString())
                .minReplica(0).maxReplica(1).scaleToZeroTimeout(600).build())
                .waitUntilRunning(Duration.ofSeconds(90), Duration.ofMillis(100));
        // One cold start the gateway holds the request through: it times cold starts, and its Retry-After
        // estimates come from that.
        goColdAndWake(cold, InferenceClient.builder(cold.url().orElseThrow()).token(TestHearth.ADMIN).build());

        // X-Scale-Up-Timeout: 0 makes the gateway answer 503 + Retry-After at once instead of holding the request.
        goCold(cold);
        long errorsBefore = gateway5xx("cold");
        goColdAndWake(cold, InferenceClient.builder(cold.url().orElseThrow()).token(TestHearth.ADMIN)
                .header("X-Scale-Up-Timeout", "0").retry(RetryPolicy.upTo(Duration.ofSeconds(60))).build());
        assertThat(gateway5xx("cold")).isGreaterThan(errorsBefore);

        // Without retries the 503 reaches the caller, with the server's Retry-After.
        goCold(cold);
        try (InferenceClient impatient = InferenceClient.builder(cold.url().orElseThrow()).token(TestHearth.ADMIN)
                .header("X-Scale-Up-Timeout", "0").retry(RetryPolicy.none()).build()) {
            assertThatThrownBy(() -> impatient.textGeneration("hello"))
                    .isInstanceOf(ServiceUnavailableException.class)
                    .satisfies(e -> {
                        ServiceUnavailableException u = (ServiceUnavailableException) e;
                        assertThat(u.retryAfter()).isPresent();
                        assertThat(u.errorType()).contains("scale_up_timeout");
                    });
        }
    }

    private static void goCold(InferenceEndpoint e) {
        assertThat(e.scaleToZero().status()).isEqualTo(EndpointStatus.SCALED_TO_ZERO);
        await().atMost(Duration.ofSeconds(20)).until(() -> hearth.replicas(e.name()).isEmpty());
    }

    private static void goColdAndWake(InferenceEndpoint e, InferenceClient c) {
        if (!hearth.replicas(e.name()).isEmpty()) goCold(e);
        try (c) {
            assertThat(c.textGeneration("hello", tokens(2).build()).generatedText()).isNotNull();
        }
    }

    @Test
    void chatCompletionAnswersAndStreams() {
        ChatCompletionRequest request = ChatCompletionRequest.builder(List.of(ChatMessage.user("Hi!")))
                .maxTokens(4).seed(3L).build();
        ChatCompletionOutput out = client.chatCompletion(request);
        assertThat(out.object()).isEqualTo("chat.completion");
        assertThat(out.choices()).hasSize(1);
        assertThat(out.choices().getFirst().message().role()).isEqualTo("assistant");
        assertThat(out.usage().completionTokens()).isBetween(1, 4);

        List<ChatCompletionChunk> chunks;
        try (Stream<ChatCompletionChunk> s = client.chatCompletionStream(request)) {
            chunks = s.toList();
        }
        assertThat(chunks).isNotEmpty().allMatch(c -> c.object().equals("chat.completion.chunk"));
        assertThat(chunks.getLast().choices().getFirst().finishReason()).isIn("stop", "length");
    }

    @Test
    void toolsAndResponseFormatsAreTypedOnTheChatCall() throws Exception {
        Tool weather = Tool.function("get_weather", null, Map.of("type", "object",
                "properties", Map.of("unit", Map.of("enum", List.of("celsius", "fahrenheit"))), "required", List.of("unit")));
        ChatCompletionRequest call = ChatCompletionRequest.builder(List.of(ChatMessage.user("Weather?")))
                .maxTokens(60).seed(5L).tools(List.of(weather)).toolChoice(ToolChoice.required()).toolPrompt("Call the tool.").build();
        ChatCompletionOutput out = client.chatCompletion(call);
        assertThat(out.choices().getFirst().finishReason()).isEqualTo("tool_calls");
        ToolCall made = out.toolCalls().getFirst();
        assertThat(made.function().name()).isEqualTo("get_weather");
        var arguments = new com.fasterxml.jackson.databind.ObjectMapper().readTree(made.function().arguments());
        assertThat(arguments.get("unit").asText()).isIn("celsius", "fahrenheit");

        StringBuilder streamed = new StringBuilder();
        try (Stream<ChatCompletionChunk> s = client.chatCompletionStream(call)) {
            s.forEach(c -> {
                var calls = c.choices().isEmpty() ? null : c.choices().getFirst().delta().toolCalls();
                if (calls != null) streamed.append(calls.getFirst().function().arguments());
            });
        }
        assertThat(streamed.toString()).isEqualTo(made.function().arguments());

        // The call goes back with its result; the next turn is served.
        ChatCompletionOutput next = client.chatCompletion(call.withMessages(List.of(ChatMessage.user("Weather?"),
                new ChatMessage("assistant", null, out.toolCalls(), null), ChatMessage.tool(made.id(), "sunny"))));
        assertThat(next.choices()).hasSize(1);

        ChatCompletionOutput json = client.chatCompletion(ChatCompletionRequest.builder(List.of(ChatMessage.user("Hi")))
                .maxTokens(40).seed(2L).responseFormat(Grammar.jsonSchema("flag", Map.of("type", "object",
                        "properties", Map.of("ok", Map.of("type", "boolean")), "required", List.of("ok")))).build());
        assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.content()).get("ok").isBoolean()).isTrue();
        ChatCompletionOutput yes = client.chatCompletion(ChatCompletionRequest.builder(List.of(ChatMessage.user("Hi")))
                .maxTokens(10).seed(2L).responseFormat(Grammar.regex("(yes|no)")).build());
        assertThat(yes.content()).isIn("yes", "no");
    }

    @Test
    void tokenizeHealthAndInfoDescribeTheEndpoint() {
        List<TokenInfo> tokens = client.tokenize("hello world");
        assertThat(tokens).isNotEmpty();
        assertThat(client.health()).isTrue();
        ServerInfo info = client.info();
        assertThat(info.modelId()).isNotBlank();
        assertThat(info.maxTotalTokens()).isPositive();
        assertThat(InferenceClient.builder("http://127.0.0.1:1").token(null).build().health()).isFalse();
    }

    @Test
    void theAsyncClientRunsManyCallsConcurrently() {
        AsyncInferenceClient async = endpoint.asyncClient();
        List<CompletableFuture<String>> futures = new ArrayList<>();
        for (int i = 0; i < 8; i++) futures.add(async.textGeneration("job " + i, tokens(2).build()).thenApply(o -> o.generatedText()));
        CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).join();
        assertThat(futures).allMatch(f -> f.join() != null);
    }

    static long dropped() {
        return dropped(endpoint.url().orElseThrow() + "/metrics");
    }

    static long dropped(String metricsUrl) {
        return counter(metricsUrl,
                Pattern.compile("^tgi_request_failure\\{[^}]*err=\"dropped\"[^}]*} (\\d+)", Pattern.MULTILINE));
    }

    static long gateway5xx(String name) {
        return counter(hearth.url() + "/metrics", Pattern.compile(
                "^hearth_gateway_errors_total\\{(?=[^}]*endpoint=\"sdk/" + name + "\")(?=[^}]*class=\"5xx\")[^}]*} (\\d+)",
                Pattern.MULTILINE));
    }

    static long counter(String url, Pattern p) {
        try (HttpClient http = HttpClient.newHttpClient()) {
            String body = http.send(HttpRequest.newBuilder(URI.create(url))
                    .header("Authorization", "Bearer " + TestHearth.ADMIN).build(), HttpResponse.BodyHandlers.ofString()).body();
            Matcher m = p.matcher(body);
            long sum = 0;
            while (m.find()) sum += Long.parseLong(m.group(1));
            return sum;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
