package dev.hearth.client.easyllm;

import com.sun.net.httpserver.HttpServer;
import dev.hearth.chat.PromptBuilders;
import dev.hearth.client.InferenceEndpoint;
import dev.hearth.client.TestHearth;
import dev.hearth.client.inference.ChatMessage;
import dev.hearth.client.inference.InferenceClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * EasyLLM's clients against a real endpoint: {@code HUGGINGFACE_API_BASE} is the endpoint URL and no model is named,
 * so requests go to the URL itself, as EasyLLM's docs say to configure a custom endpoint.
 */
class EasyLlmTest {

    @TempDir static Path home;
    static TestHearth hearth;
    static String url;
    static EasyLlmConfig config;

    static final List<ChatMessage> KNOCK = List.of(ChatMessage.system("You are a chat bot."), ChatMessage.user("Knock knock."));

    @BeforeAll
    static void start() {
        hearth = TestHearth.start(home, "sdk");
        InferenceEndpoint e = hearth.running("easy", 1, 1);
        url = e.url().orElseThrow();
        config = EasyLlmConfig.fromEnvironment(Map.of("HUGGINGFACE_TOKEN", TestHearth.ADMIN,
                "HUGGINGFACE_API_BASE", url, "HUGGINGFACE_PROMPT", "chatml_falcon"));
    }

    @AfterAll
    static void stop() {
        hearth.close();
    }

    static int tokens(String prompt) {
        try (InferenceClient c = InferenceClient.builder(url).token(TestHearth.ADMIN).build()) {
            return c.tokenize(prompt).size();
        }
    }

    @Test
    void chatCompletionRendersThePromptWithTheConfiguredBuilderAndAnswersInEasyLlmsShape() {
        ChatCompletionResponse r = ChatCompletion.create(config, ChatCompletion.Request.builder(KNOCK).maxTokens(5).n(2).build());
        assertThat(r.id()).matches("hf-[A-Za-z0-9_-]{10}");
        assertThat(r.object()).isEqualTo("chat.completion");
        assertThat(r.model()).isNull();
        assertThat(r.choices()).extracting(ChatCompletionResponse.Choice::index).containsExactly(0, 1);
        assertThat(r.choices()).allSatisfy(c -> {
            assertThat(c.message().role()).isEqualTo("assistant");
            assertThat(c.finishReason()).isIn("length", "eos_token", "stop_sequence");
        });
        // The server counted the prompt the chatml_falcon builder made, not EasyLLM's base format.
        String prompt = PromptBuilders.byName("chatml_falcon").build(
                KNOCK.stream().map(m -> new dev.hearth.chat.ChatMessage(m.role(), m.content())).toList());
        assertThat(r.usage().promptTokens()).isEqualTo(tokens(prompt));
        assertThat(r.usage().totalTokens()).isEqualTo(r.usage().promptTokens() + r.usage().completionTokens());
    }

    @Test
    void withTheServerlessBaseOfHearthsRootAModelIsCalledByItsNameThroughModelsSlashId() {
        // EasyLLM's documented setup for the serverless API: HUGGINGFACE_API_BASE=<server>/models and model=<id>,
        // so requests go to POST <server>/models/<id>, which Hearth's root resolves as the router resolves `model`.
        EasyLlmConfig serverless = config.withApiBase(hearth.url() + "/models");
        ChatCompletionResponse r = ChatCompletion.create(serverless,
                ChatCompletion.Request.builder(KNOCK).model("easy").maxTokens(4).build());
        assertThat(r.model()).isEqualTo("easy");
        assertThat(r.choices()).singleElement().satisfies(c -> assertThat(c.message().content()).isNotNull());
        assertThat(r.usage().completionTokens()).isBetween(1, 4);
    }

    @Test
    void topPOfOneIsAcceptedAndTemperatureZeroIsGreedy() {
        // EasyLLM sent top_p=1.0, which TGI rejects with a 422; here it means no nucleus filtering.
        assertThat(ChatCompletion.create(config, ChatCompletion.Request.builder(KNOCK).topP(1.0).maxTokens(3).build())
                .choices()).hasSize(1);
        // temperature 0: greedy decoding, so two choices (different seeds) are the same text.
        ChatCompletionResponse greedy = ChatCompletion.create(config,
                ChatCompletion.Request.builder(KNOCK).temperature(0).n(2).maxTokens(6).build());
        assertThat(greedy.choices().get(0).message().content()).isEqualTo(greedy.choices().get(1).message().content());
    }

    @Test
    void streamingChatSendsRoleThenTokensThenAnOpenAiFinishReason() {
        List<ChatCompletionStreamResponse> chunks;
        try (Stream<ChatCompletionStreamResponse> s = ChatCompletion.stream(config,
                ChatCompletion.Request.builder(KNOCK).maxTokens(5).build())) {
            chunks = s.toList();
        }
        assertThat(chunks.getFirst().choices().getFirst().delta().role()).isEqualTo("assistant");
        assertThat(chunks).allMatch(c -> c.object().equals("chat.completion.chunk"));
        assertThat(chunks).extracting(ChatCompletionStreamResponse::id).containsOnly(chunks.getFirst().id());
        ChatCompletionStreamResponse last = chunks.getLast();
        assertThat(last.choices().getFirst().finishReason()).isIn("stop", "length");
        assertThat(last.choices().getFirst().delta().content()).isNull();
        assertThat(chunks.subList(1, chunks.size() - 1)).allMatch(c -> c.choices().getFirst().finishReason() == null);
        assertThatThrownBy(() -> ChatCompletion.stream(config, ChatCompletion.Request.builder(KNOCK).n(2).build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("Cannot stream more than one completion");
    }

    @Test
    void completionEchoesLogprobsAndStreams() {
        EasyLlmConfig raw = config.withPromptBuilder((String) null); // completions without a builder send the prompt as is
        CompletionResponse r = Completion.create(raw, Completion.Request.builder("Once upon").suffix(" a time")
                .maxTokens(4).echo(true).logprobs(true).build());
        assertThat(r.object()).isEqualTo("text.completion");
        assertThat(r.text()).startsWith("Once upon a time");
        assertThat(r.choices().getFirst().logprobs()).hasSize(r.usage().completionTokens());

        List<CompletionStreamResponse> chunks;
        try (Stream<CompletionStreamResponse> s = Completion.stream(raw, Completion.Request.builder("Once upon").maxTokens(4).build())) {
            chunks = s.toList();
        }
        assertThat(chunks).isNotEmpty().hasSizeLessThanOrEqualTo(4).allMatch(c -> c.object().equals("text.completion"));
    }

    @Test
    void aCompletionWithAPromptBuilderWrapsTheBareStringAsAUserTurn() {
        EasyLlmConfig llama = config.withPromptBuilder("llama2");
        CompletionResponse r = Completion.create(llama, Completion.Request.builder("Hello!").maxTokens(2).build());
        assertThat(r.usage().promptTokens()).isEqualTo(tokens("<s>[INST] Hello! [/INST]"));
    }

    @Test
    void embeddingsAcceptTeisRowsAndTheLegacyFlatVector() throws Exception {
        List<String> bodies = new CopyOnWriteArrayList<>();
        HttpServer tei = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        tei.createContext("/", ex -> {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            bodies.add(ex.getRequestURI().getPath() + " " + body);
            String answer = ex.getRequestURI().getPath().endsWith("/flat") ? "[0.5,0.25]"
                    : body.contains("[") ? "[[0.1,0.2,0.3],[0.4,0.5,0.6]]" : "[[0.1,0.2,0.3]]";
            byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(200, bytes.length);
            ex.getResponseBody().write(bytes);
            ex.close();
        });
        tei.start();
        try {
            EasyLlmConfig c = config.withApiBase("http://127.0.0.1:" + tei.getAddress().getPort());
            EmbeddingResponse one = Embedding.create(c, "What is the meaning of life?", null);
            assertThat(one.object()).isEqualTo("list");
            assertThat(one.data()).singleElement().satisfies(d -> {
                assertThat(d.object()).isEqualTo("embedding");
                assertThat(d.embedding()).containsExactly(0.1f, 0.2f, 0.3f);
            });
            EmbeddingResponse two = Embedding.create(c, List.of("a", "b"), null);
            assertThat(two.data()).extracting(EmbeddingResponse.Data::index).containsExactly(0, 1);
            assertThat(two.data().get(1).embedding()).containsExactly(0.4f, 0.5f, 0.6f);
            assertThat(Embedding.create(c, "x", "flat").data().getFirst().embedding()).containsExactly(0.5f, 0.25f);

            // A serverless-style base ending in /models goes to the feature-extraction pipeline of the model.
            EasyLlmConfig serverless = c.withApiBase(c.apiBase() + "/models");
            Embedding.create(serverless, "x", "sentence-transformers/all-MiniLM-L6-v2");
            assertThat(bodies.getLast()).startsWith("/pipeline/feature-extraction/sentence-transformers/all-MiniLM-L6-v2 ");
        } finally {
            tei.stop(0);
        }
    }

    @Test
    void configurationComesFromTheEnvironmentAndTheTokenFile(@TempDir Path hfHome) throws Exception {
        EasyLlmConfig defaults = EasyLlmConfig.fromEnvironment(Map.of("HF_HOME", hfHome.toString()));
        assertThat(defaults.apiBase()).isEqualTo("https://api-inference.huggingface.co/models");
        assertThat(defaults.apiKey()).isEmpty();
        assertThat(defaults.promptBuilder()).isNull();
        assertThat(defaults.seed()).isEqualTo(42);

        Files.writeString(hfHome.resolve("token"), "hf_from_file\n");
        assertThat(EasyLlmConfig.fromEnvironment(Map.of("HF_HOME", hfHome.toString())).apiKey()).contains("hf_from_file");
        assertThat(EasyLlmConfig.fromEnvironment(Map.of("HF_HOME", hfHome.toString(), "HF_TOKEN", "hf_env")).apiKey())
                .contains("hf_env");
        assertThat(EasyLlmConfig.fromEnvironment(Map.of("HF_TOKEN", "hf_env", "HUGGINGFACE_TOKEN", "hf_easy")).apiKey())
                .contains("hf_easy");
        assertThat(EasyLlmConfig.fromEnvironment(Map.of("HUGGINGFACE_PROMPT", "vicuna")).promptBuilder().name()).isEqualTo("vicuna");
        assertThatThrownBy(() -> EasyLlmConfig.fromEnvironment(Map.of("HUGGINGFACE_PROMPT", "nope")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("llama2");
        assertThat(Embedding.url(defaults, "m")).isEqualTo("https://api-inference.huggingface.co/pipeline/feature-extraction/m");
        assertThat(Requests.url(defaults, "meta-llama/Llama-2-70b-chat-hf"))
                .isEqualTo("https://api-inference.huggingface.co/models/meta-llama/Llama-2-70b-chat-hf");
    }
}
