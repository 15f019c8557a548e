package dev.hearth.server.it;

import dev.hearth.server.ServerJson;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.hearth.worker.Worker;
import dev.hearth.worker.WorkerOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Connections (issue #10): a second Hearth worker started with an API key plays a remote TGI endpoint, and a JDK HTTP
 * server plays a cold-starting endpoint, a model page pasted instead of an endpoint URL, and a reranker.
 */
class ConnectionsTest extends ControlPlaneTest {

    static final String KEY = "hf_remoteSecretKeyX9Q2";
    static final String MODEL = "meta-llama/Llama-2-7b-chat-hf";
    static Worker remote;
    static HttpServer stub;
    static final AtomicBoolean coldAwake = new AtomicBoolean();
    /** Every answer the tests got, to show that none holds the key. */
    static final List<String> answers = new ArrayList<>();
    /** What the chat-less TGI stand-in was sent: the Authorization header, a space, the body. */
    static final List<String> generated = java.util.Collections.synchronizedList(new ArrayList<>());

    @BeforeAll
    static void startRemoteServers() throws IOException {
        WorkerOptions d = WorkerOptions.defaults(model);
        remote = Worker.start(new WorkerOptions(model, Optional.of(MODEL), "127.0.0.1", 0, Optional.empty(),
                Optional.of(4096), 8, 1, d.maxStopSequences(), d.maxBestOf(), d.maxTopNTokens(), d.maxClientBatchSize(),
                d.payloadLimit(), 2, d.prefillChunk(), Optional.empty(), Optional.of(KEY)));
        stub = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        stub.createContext("/cold/", ex -> {
            if (!coldAwake.get()) answer(ex, 503, "application/json", "{\"error\":\"Model is loading\",\"estimated_time\":42.0}");
            else if (ex.getRequestURI().getPath().endsWith("/info")) answer(ex, 200, "application/json",
                    "{\"model_id\":\"/repository\",\"model_pipeline_tag\":\"text-generation\",\"max_total_tokens\":4096}");
            else answer(ex, 200, "application/json", "[{\"id\":1,\"text\":\"Hello\",\"start\":0,\"stop\":5}]");
        });
        // A TGI server without chat routes: /generate and /generate_stream only; what it was sent is kept.
        stub.createContext("/tgi-only/", ex -> {
            String path = ex.getRequestURI().getPath();
            if (path.endsWith("/info")) {
                answer(ex, 200, "application/json", "{\"model_id\":\"acme/prompted\",\"model_pipeline_tag\":\"text-generation\","
                        + "\"max_total_tokens\":2048,\"max_input_tokens\":2047}");
                return;
            }
            if (path.endsWith("/generate") || path.endsWith("/generate_stream")) {
                generated.add(ex.getRequestHeaders().getFirst("Authorization") + " " + new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            }
            if (path.endsWith("/generate")) answer(ex, 200, "application/json",
                    "{\"generated_text\":\"Hi there\",\"details\":{\"finish_reason\":\"eos_token\",\"generated_tokens\":2}}");
            else if (path.endsWith("/generate_stream")) answer(ex, 200, "text/event-stream",
                    "data:{\"index\":1,\"token\":{\"id\":5,\"text\":\"Hi\",\"logprob\":0,\"special\":false},\"generated_text\":null,\"details\":null}\n\n"
                    + "data:{\"index\":2,\"token\":{\"id\":6,\"text\":\" there\",\"logprob\":0,\"special\":false},\"generated_text\":null,\"details\":null}\n\n"
                    + "data:{\"index\":3,\"token\":{\"id\":2,\"text\":\"</s>\",\"logprob\":0,\"special\":true},\"generated_text\":\"Hi there\","
                    + "\"details\":{\"finish_reason\":\"eos_token\",\"generated_tokens\":3}}\n\n");
            else answer(ex, 404, "application/json", "{\"error\":\"no such route\"}");
        });
        stub.createContext("/no-gen/", ex -> {
            if (ex.getRequestURI().getPath().endsWith("/info")) answer(ex, 200, "application/json",
                    "{\"model_id\":\"acme/nogen\",\"model_pipeline_tag\":\"text-generation\",\"max_total_tokens\":2048}");
            else if (ex.getRequestURI().getPath().endsWith("/generate")) answer(ex, 500, "application/json",
                    "{\"error\":\"CUDA out of memory\",\"error_type\":\"generation\"}");
            else answer(ex, 404, "application/json", "{\"error\":\"no such route\"}");
        });
        stub.createContext("/page/", ex -> answer(ex, 200, "text/html; charset=utf-8", "<!doctype html><html>model page</html>"));
        stub.createContext("/missing/", ex -> answer(ex, 404, "text/plain", "Not Found"));
        stub.createContext("/rerank/", ex -> answer(ex, 200, "application/json",
                "{\"model_id\":\"BAAI/bge-reranker-base\",\"model_type\":{\"reranker\":{\"id2label\":{}}},\"max_input_length\":512}"));
        stub.start();
        String managed = ControlPlane.createBody("tiny", model, 1, 1, "protected");
        assertThat(api.post("/v2/endpoint/alice", managed).status()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(120)).until(() -> api.get("/v2/endpoint/alice/tiny").state().equals("running"));
    }

    @AfterAll
    static void stopRemoteServers() {
        if (stub != null) stub.stop(0);
        if (remote != null) remote.close();
    }

    static void answer(HttpExchange ex, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, bytes.length);
        try (var out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    static String remoteUrl() {
        return "http://127.0.0.1:" + remote.port();
    }

    static String stubUrl(String path) {
        return "http://127.0.0.1:" + stub.getAddress().getPort() + path;
    }

    static String credential(String key, String endpoint, String model, int context, String extra) {
        return """
                {
                    "api_key":"%s",
                    "endpoint": "%s",
                    "model_name": "%s",
                    "context_window": %d%s
                }""".formatted(key, endpoint, model, context, extra);
    }

    static ControlPlane.Response recorded(ControlPlane.Response r) {
        synchronized (answers) {
            answers.add(r.body());
            r.raw().headers().map().values().forEach(answers::addAll);
        }
        return r;
    }

    static ControlPlane.Response add(String json) {
        return recorded(api.post("/v2/connections/alice", json));
    }

    @Test
    void theSeedCredentialPastedVerbatimValidatesAndItsModelIsListedBesideAManagedEndpoint() {
        ControlPlane.Response r = add(credential(KEY, remoteUrl(), MODEL, 4096, ""));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        JsonNode c = r.json();
        assertThat(c.get("name").asText()).isEqualTo("llama-2-7b-chat-hf");
        assertThat(c.get("kind").asText()).isEqualTo("tgi");
        assertThat(c.get("api_key_hint").asText()).isEqualTo("hf_…X9Q2");
        assertThat(c.get("task").asText()).isEqualTo("text-generation");
        assertThat(c.path("status").get("state").asText()).isEqualTo("ready");
        assertThat(c.path("status").get("lastError").isNull()).isTrue();
        assertThat(c.path("status").has("checkedAt")).isTrue();

        JsonNode models = recorded(api.get("/v1/models")).json();
        assertThat(models.get("object").asText()).isEqualTo("list");
        assertThat(models.get("data")).anySatisfy(m -> {
            assertThat(m.get("id").asText()).isEqualTo(MODEL);
            assertThat(m.get("object").asText()).isEqualTo("model");
            assertThat(m.get("source").asText()).isEqualTo("connection");
            assertThat(m.get("context_window").asInt()).isEqualTo(4096);
            assertThat(m.get("state").asText()).isEqualTo("ready");
            assertThat(m.get("namespace").asText()).isEqualTo("alice");
            assertThat(m.get("owned_by").asText()).isEqualTo("alice");
        });
        assertThat(models.get("data")).anySatisfy(m -> {
            assertThat(m.get("id").asText()).isEqualTo("tiny");
            assertThat(m.get("source").asText()).isEqualTo("endpoint");
            assertThat(m.get("task").asText()).isEqualTo("text-generation");
        });
        assertThat(recorded(api.get("/v2/connections/alice")).json().get("items"))
                .anySatisfy(i -> assertThat(i.get("name").asText()).isEqualTo("llama-2-7b-chat-hf"));
        assertThat(recorded(api.post("/v2/connections/alice/llama-2-7b-chat-hf/test", null)).json()
                .path("status").get("state").asText()).isEqualTo("ready");
    }

    @Test
    void eachValidationFailureIsA422ThatNamesTheCauseAndTheFix() throws IOException {
        assertRefused(credential("hf_wrongKeyWrongKey", remoteUrl(), MODEL, 4096, ",\"name\":\"wrong-key\""),
                "refused the api_key (HTTP 401)");
        assertRefused(credential(KEY, remoteUrl(), "mistralai/Mistral-7B-v0.1", 4096, ""),
                "serves model \"" + MODEL + "\", not \"mistralai/Mistral-7B-v0.1\": set model_name to \"" + MODEL + "\"");
        assertRefused(credential(KEY, remoteUrl(), MODEL, 8192, ",\"name\":\"too-long\""),
                "context_window 8192 is larger than the server's limit of 4096 tokens (max_total_tokens): set context_window to 4096 or less");
        assertRefused(credential(KEY, stubUrl("/page/meta-llama/Llama-2-7b-chat-hf"), MODEL, 4096, ""),
                "is not an inference server (GET " + stubUrl("/page/meta-llama/Llama-2-7b-chat-hf") + "/info answered HTTP 200 (text/html)",
                "Did you paste the model page instead of the endpoint URL?");
        assertRefused(credential(KEY, stubUrl("/missing"), MODEL, 4096, ""),
                "/v1/models answered HTTP 404 (text/plain)", "Did you paste the model page instead of the endpoint URL?");
        assertRefused(credential(KEY, stubUrl("/rerank"), "BAAI/bge-reranker-base", 512, ""),
                "serves task \"text-ranking\", which Hearth cannot route; supported tasks: text-generation, "
                        + "text2text-generation, conversational, image-text-to-text, feature-extraction, sentence-similarity");
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        assertRefused(credential(KEY, "http://127.0.0.1:" + closed, MODEL, 4096, ""),
                "Cannot reach http://127.0.0.1:" + closed + "/info: the connection was refused");

        ControlPlane.Response typo = add("{\"api_key\":\"" + KEY + "\",\"endpont\":\"http://x\",\"model_name\":\"m\"}");
        assertThat(typo.status()).isEqualTo(400);
        assertThat(typo.json().get("error").asText()).contains("unknown field \"endpont\"");
        ControlPlane.Response notUrl = add(credential(KEY, "your_api_endpoint", MODEL, 4096, ""));
        assertThat(notUrl.status()).isEqualTo(400);
        assertThat(notUrl.json().get("error").asText()).contains("endpoint must be an http:// or https:// URL");
    }

    static void assertRefused(String credential, String... messageParts) {
        ControlPlane.Response r = add(credential);
        assertThat(r.status()).as(r.body()).isEqualTo(422);
        assertThat(r.json().get("error").asText()).contains(messageParts);
    }

    @Test
    void aColdStartingServerIsSavedAsWakingAndIsReadyOnceItAnswers() {
        ControlPlane.Response r = add(credential(KEY, stubUrl("/cold"), "my-org/cold-model", 2048, ""));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(r.json().path("status").get("state").asText()).isEqualTo("waking");
        assertThat(r.json().path("status").get("lastError").asText()).contains("estimated_time 42.0");
        coldAwake.set(true);
        ControlPlane.Response again = recorded(api.post("/v2/connections/alice/cold-model/test", null));
        assertThat(again.json().path("status").get("state").asText()).as(again.body()).isEqualTo("ready");
        assertThat(again.json().get("kind").asText()).isEqualTo("tgi");
    }

    @Test
    void theRootRouterChatsWithAConnectionAndAManagedEndpointByModelName() {
        add(credential(KEY, remoteUrl() + "/v1", MODEL, 4096, ",\"name\":\"remote-llama\",\"kind\":\"openai\""));
        String chat = "{\"model\":\"%s\",\"max_tokens\":3,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]%s}";
        for (String model : List.of("remote-llama", "tiny")) {
            ControlPlane.Response r = recorded(api.post("/v1/chat/completions", chat.formatted(model, "")));
            assertThat(r.status()).as(model + ": " + r.body()).isEqualTo(200);
            assertThat(r.json().get("choices").get(0).path("message").has("content")).isTrue();
            ControlPlane.Response stream = recorded(api.post("/v1/chat/completions", chat.formatted(model, ",\"stream\":true")));
            assertThat(stream.status()).as(model + ": " + stream.body()).isEqualTo(200);
            assertThat(stream.raw().headers().firstValue("content-type").orElse("")).startsWith("text/event-stream");
            assertThat(stream.body()).contains("data: {").contains("data: [DONE]");
        }
        // Two connections of alice serve MODEL (this one and the seed's): by model_name it is ambiguous, by name not.
        ControlPlane.Response completion = recorded(api.post("/v1/completions",
                "{\"model\":\"remote-llama\",\"prompt\":\"Hello\",\"max_tokens\":2}"));
        assertThat(completion.status()).as(completion.body()).isEqualTo(200);
        assertThat(completion.json().get("choices").get(0).has("text")).isTrue();
    }

    @Test
    void aConnectionWithAPromptBuilderIsChattedWithThroughTgisGenerateWithThePromptBuiltByIt() throws Exception {
        ControlPlane.Response added = add(credential(KEY, stubUrl("/tgi-only"), "acme/prompted", 2048,
                ",\"name\":\"prompted\",\"prompt_builder\":\"llama2\""));
        assertThat(added.status()).as(added.body()).isEqualTo(201);
        assertThat(added.json().path("prompt_builder").asText()).isEqualTo("llama2");
        String chat = "{\"model\":\"prompted\",\"max_tokens\":5,\"stop\":[\"END\"],\"messages\":[{\"role\":\"system\",\"content\":\"Be brief.\"},"
                + "{\"role\":\"user\",\"content\":\"Hello!\"}]%s}";

        generated.clear();
        ControlPlane.Response r = recorded(api.post("/v1/chat/completions", chat.formatted("")));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().path("object").asText()).isEqualTo("chat.completion");
        assertThat(r.json().path("model").asText()).isEqualTo("acme/prompted");
        assertThat(r.json().path("choices").get(0).path("message").path("content").asText()).isEqualTo("Hi there");
        assertThat(r.json().path("choices").get(0).path("finish_reason").asText()).isEqualTo("stop");
        assertThat(r.json().path("usage").path("completion_tokens").asInt()).isEqualTo(2);
        assertThat(generated).hasSize(1);
        assertThat(generated.getFirst()).startsWith("Bearer " + KEY + " ");
        var sent = ServerJson.MAPPER.readTree(generated.getFirst().substring(("Bearer " + KEY + " ").length()));
        assertThat(sent.path("inputs").asText()).isEqualTo("<s>[INST] <<SYS>>\nBe brief.\n<</SYS>>\n\nHello! [/INST]");
        assertThat(sent.path("parameters").path("max_new_tokens").asInt()).isEqualTo(5);
        assertThat(sent.path("parameters").path("stop").toString()).contains("</s>", "END");

        ControlPlane.Response stream = recorded(api.post("/v1/chat/completions", chat.formatted(",\"stream\":true")));
        assertThat(stream.status()).as(stream.body()).isEqualTo(200);
        assertThat(stream.raw().headers().firstValue("content-type").orElse("")).startsWith("text/event-stream");
        assertThat(stream.body()).contains("\"content\":\"Hi\"", "\"content\":\" there\"", "\"finish_reason\":\"stop\"")
                .doesNotContain("</s>").endsWith("data: [DONE]\n\n");

        ControlPlane.Response unknown = recorded(api.post("/v2/connections/alice", credential(KEY, stubUrl("/tgi-only"),
                "acme/prompted", 2048, ",\"name\":\"bad-builder\",\"prompt_builder\":\"llama3\"")));
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.json().path("error").asText()).contains("llama3", "llama2", "chatml_falcon");
    }

    @Test
    void generateTrueAlsoAsksForOneTokenAndAServerThatCannotGenerateIsRefusedWithItsMessage() {
        ControlPlane.Response ok = add(credential(KEY, remoteUrl(), MODEL, 4096, ",\"name\":\"gen-checked\""));
        assertThat(ok.status()).as(ok.body()).isEqualTo(201);
        ControlPlane.Response tested = recorded(api.post("/v2/connections/alice/gen-checked/test?generate=true", null));
        assertThat(tested.status()).as(tested.body()).isEqualTo(200);

        ControlPlane.Response plain = add(credential(KEY, stubUrl("/no-gen"), "acme/nogen", 2048, ",\"name\":\"nogen-plain\""));
        assertThat(plain.status()).as("without ?generate=true nothing is generated: " + plain.body()).isEqualTo(201);
        ControlPlane.Response refused = recorded(api.post("/v2/connections/alice?generate=true",
                credential(KEY, stubUrl("/no-gen"), "acme/nogen", 2048, ",\"name\":\"nogen\"")));
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.json().path("error").asText()).contains("one-token generation", "/generate", "500", "CUDA out of memory");
        assertThat(api.get("/v2/connections/alice/nogen").status()).as("nothing saved").isEqualTo(404);
        assertThat(recorded(api.post("/v2/connections/alice/nogen-plain/test?generate=true", null)).status()).isEqualTo(422);
    }

    @Test
    void anUnknownModelIsOpenAisModelNotFound() {
        ControlPlane.Response r = recorded(api.post("/v1/chat/completions",
                "{\"model\":\"nobody/nothing\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}"));
        assertThat(r.status()).isEqualTo(404);
        JsonNode e = r.json().get("error");
        assertThat(e.get("message").asText()).isEqualTo("The model `nobody/nothing` does not exist or you do not have access to it.");
        assertThat(e.get("type").asText()).isEqualTo("invalid_request_error");
        assertThat(e.get("param").isNull()).isTrue();
        assertThat(e.get("code").asText()).isEqualTo("model_not_found");
        assertThat(api.as(null).get("/v1/models").status()).isEqualTo(401);
    }

    @Test
    void aNamespaceTokenNeverSeesAnotherNamespacesConnections() {
        add(credential(KEY, remoteUrl(), MODEL, 4096, ",\"name\":\"alice-only\""));
        String bob = api.post("/v2/tokens", "{\"namespace\":\"bob\",\"label\":\"connections test\"}").json().get("token").asText();
        ControlPlane.Client asBob = api.as(bob);
        assertThat(asBob.get("/v2/connections/alice").status()).isEqualTo(403);
        assertThat(asBob.get("/v2/connections/alice/alice-only").status()).isEqualTo(403);
        assertThat(asBob.post("/v2/connections/alice/alice-only/test", null).status()).isEqualTo(403);
        assertThat(asBob.get("/v2/connections/bob").json().get("items")).isEmpty();
        assertThat(asBob.get("/v1/models").json().get("data")).isEmpty();
        ControlPlane.Response chat = asBob.post("/v1/chat/completions",
                "{\"model\":\"alice-only\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");
        assertThat(chat.status()).isEqualTo(404);
        assertThat(asBob.post("/v1/chat/completions", "{\"model\":\"tiny\",\"messages\":[]}").status()).isEqualTo(404);
    }

    @Test
    void theKeyIsSealedAtRestAndNoAnswerContainsIt() throws IOException {
        add(credential(KEY, remoteUrl(), MODEL, 4096, ",\"name\":\"sealed\""));
        ControlPlane.Response put = recorded(api.put("/v2/connections/alice/sealed",
                "{\"endpoint\":\"" + remoteUrl() + "\",\"model_name\":\"" + MODEL + "\",\"context_window\":2048}"));
        assertThat(put.status()).as(put.body()).isEqualTo(200); // no api_key: the stored one is kept, and still works
        assertThat(put.json().get("context_window").asInt()).isEqualTo(2048);
        assertThat(put.json().get("api_key_hint").asText()).isEqualTo("hf_…X9Q2");
        recorded(api.get("/v2/connections/alice/sealed"));
        assertThat(recorded(api.delete("/v2/connections/alice/sealed")).status()).isEqualTo(204);
        assertThat(recorded(api.get("/v2/connections/alice/sealed")).status()).isEqualTo(404);

        byte[] key = KEY.getBytes(StandardCharsets.UTF_8);
        try (Stream<Path> files = Files.list(home)) {
            for (Path f : files.filter(p -> p.getFileName().toString().startsWith("hearth.db")).toList()) {
                assertThat(indexOf(Files.readAllBytes(f), key)).as(f.toString()).isEqualTo(-1);
            }
        }
        synchronized (answers) {
            assertThat(answers).isNotEmpty().noneMatch(a -> a.contains(KEY) || a.contains("remoteSecretKey"));
        }
    }

    static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) if (haystack[i + j] != needle[j]) continue outer;
            return i;
        }
        return -1;
    }
}
