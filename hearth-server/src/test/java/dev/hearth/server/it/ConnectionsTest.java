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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
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
    /** Generation requests that reached the context-window stand-ins, and the last body one got. */
    static final AtomicInteger generations = new AtomicInteger();
    static final AtomicReference<String> lastGeneration = new AtomicReference<>();
    /** Chat requests the waking stand-in got, and the X-Scale-Up-Timeout each carried. */
    static final AtomicInteger wakingAttempts = new AtomicInteger();
    static final List<String> wakingTimeouts = java.util.Collections.synchronizedList(new ArrayList<>());
    static final AtomicInteger asleepAttempts = new AtomicInteger();
    /** Every answer the tests got, to show that none holds the key. */
    static final List<String> answers = new ArrayList<>();
    /** What the chat-less TGI stand-in was sent: the Authorization header, a space, the body. */
    static final List<String> sentToTgiOnly = java.util.Collections.synchronizedList(new ArrayList<>());

    /** Every log event of this JVM from here on (the control plane runs in it), to show that none holds the key. */
    static final ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> logged =
            new ch.qos.logback.core.read.ListAppender<>();

    @BeforeAll
    static void startRemoteServers() throws IOException {
        logged.start();
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(logged);
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
                sentToTgiOnly.add(ex.getRequestHeaders().getFirst("Authorization") + " " + new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
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
        // A TGI server whose /tokenize counts one token per word, and an OpenAI-compatible one: each counts and
        // echoes the generation requests it gets.
        stub.createContext("/window/", ex -> {
            String path = ex.getRequestURI().getPath();
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            if (path.endsWith("/info")) answer(ex, 200, "application/json",
                    "{\"model_id\":\"/repository\",\"model_pipeline_tag\":\"text-generation\",\"max_total_tokens\":4096}");
            else if (path.endsWith("/tokenize")) {
                String inputs = new com.fasterxml.jackson.databind.ObjectMapper().readTree(body).path("inputs").asText();
                int words = inputs.isBlank() ? 0 : inputs.strip().split("\\s+").length;
                answer(ex, 200, "application/json", "[" + String.join(",", java.util.Collections.nCopies(words,
                        "{\"id\":1,\"text\":\"w\",\"start\":0,\"stop\":1}")) + "]");
            } else generated(ex, body);
        });
        stub.createContext("/estimated/", ex -> {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            if (ex.getRequestURI().getPath().endsWith("/v1/models")) answer(ex, 200, "application/json",
                    "{\"object\":\"list\",\"data\":[{\"id\":\"my-org/estimated\",\"object\":\"model\"}]}");
            else generated(ex, body);
        });
        // OpenAI-compatible servers: one waking (503 with estimated_time twice, then 200), one that never wakes.
        stub.createContext("/waking/", ex -> {
            ex.getRequestBody().readAllBytes();
            if (ex.getRequestURI().getPath().endsWith("/v1/models")) {
                answer(ex, 200, "application/json", "{\"object\":\"list\",\"data\":[{\"id\":\"my-org/waking\"}]}");
                return;
            }
            wakingTimeouts.add(ex.getRequestHeaders().getFirst("X-Scale-Up-Timeout"));
            if (wakingAttempts.incrementAndGet() <= 2) {
                answer(ex, 503, "application/json", "{\"error\":\"Model my-org/waking is currently loading\",\"estimated_time\":1.0}");
            } else {
                generated(ex, "");
            }
        });
        stub.createContext("/asleep/", ex -> {
            ex.getRequestBody().readAllBytes();
            if (ex.getRequestURI().getPath().endsWith("/v1/models")) {
                answer(ex, 200, "application/json", "{\"object\":\"list\",\"data\":[{\"id\":\"my-org/asleep\"}]}");
                return;
            }
            asleepAttempts.incrementAndGet();
            ex.getResponseHeaders().set("Retry-After", "30");
            answer(ex, 503, "text/plain", "Service Unavailable");
        });
        stub.createContext("/metered/", ex -> {
            ex.getRequestBody().readAllBytes();
            if (ex.getRequestURI().getPath().endsWith("/v1/models")) answer(ex, 200, "application/json",
                    "{\"object\":\"list\",\"data\":[{\"id\":\"my-org/metered\"}]}");
            else answer(ex, 200, "application/json", "{\"object\":\"chat.completion\",\"choices\":[{\"index\":0,"
                    + "\"message\":{\"role\":\"assistant\",\"content\":\"ok\"}}],"
                    + "\"usage\":{\"prompt_tokens\":7,\"completion_tokens\":3,\"total_tokens\":10}}");
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
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(logged);
        logged.stop();
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

    static void generated(HttpExchange ex, String body) throws IOException {
        generations.incrementAndGet();
        lastGeneration.set(body);
        answer(ex, 200, "application/json", "{\"object\":\"chat.completion\",\"choices\":[{\"index\":0,"
                + "\"message\":{\"role\":\"assistant\",\"content\":\"ok\"},\"text\":\"ok\"}]}");
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

        sentToTgiOnly.clear();
        ControlPlane.Response r = recorded(api.post("/v1/chat/completions", chat.formatted("")));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().path("object").asText()).isEqualTo("chat.completion");
        assertThat(r.json().path("model").asText()).isEqualTo("acme/prompted");
        assertThat(r.json().path("choices").get(0).path("message").path("content").asText()).isEqualTo("Hi there");
        assertThat(r.json().path("choices").get(0).path("finish_reason").asText()).isEqualTo("stop");
        assertThat(r.json().path("usage").path("completion_tokens").asInt()).isEqualTo(2);
        assertThat(sentToTgiOnly).hasSize(1);
        assertThat(sentToTgiOnly.getFirst()).startsWith("Bearer " + KEY + " ");
        var sent = ServerJson.MAPPER.readTree(sentToTgiOnly.getFirst().substring(("Bearer " + KEY + " ").length()));
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
                byte[] bytes;
                try {
                    bytes = Files.readAllBytes(f);
                } catch (java.nio.file.NoSuchFileException checkpointed) {
                    continue; // SQLite removed the -wal or -shm file since the listing: its pages are in hearth.db
                }
                assertThat(indexOf(bytes, key)).as(f.toString()).isEqualTo(-1);
            }
        }
        synchronized (answers) {
            assertThat(answers).isNotEmpty().noneMatch(a -> a.contains(KEY) || a.contains("remoteSecretKey"));
        }
        List<String> lines = new ArrayList<>();
        for (var e : List.copyOf(logged.list)) {
            lines.add(e.getFormattedMessage());
            for (var t = e.getThrowableProxy(); t != null; t = t.getCause()) lines.add(t.getMessage());
        }
        assertThat(lines).as("the control plane logged").anyMatch(l -> l != null && l.contains("connection alice/sealed added"))
                .noneMatch(l -> l != null && (l.contains(KEY) || l.contains("remoteSecretKey")));
    }

    static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) if (haystack[i + j] != needle[j]) continue outer;
            return i;
        }
        return -1;
    }

    static String words(int n) {
        return String.join(" ", java.util.Collections.nCopies(n, "word"));
    }

    static JsonNode assertContextExceeded(ControlPlane.Response r, String message, String param) {
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        JsonNode e = r.json().get("error");
        assertThat(e.get("message").asText()).isEqualTo(message);
        assertThat(e.get("type").asText()).isEqualTo("invalid_request_error");
        assertThat(e.get("param").asText()).isEqualTo(param);
        assertThat(e.get("code").asText()).isEqualTo("context_length_exceeded");
        return e;
    }

    @Test
    void aChatTooLongForATgiConnectionsWindowIsRefusedByItsOwnTokenCountWithoutReachingIt() {
        ControlPlane.Response made = add(credential(KEY, stubUrl("/window"), "my-org/window-model", 64, ""));
        assertThat(made.status()).as(made.body()).isEqualTo(201);
        assertThat(made.json().get("kind").asText()).isEqualTo("tgi");
        String chat = "{\"model\":\"my-org/window-model\",%s\"messages\":[{\"role\":\"user\",\"content\":\"%s\"}]}";
        // "user: " and ten words are 11 tokens by the server's /tokenize, plus 4 for the message: 15.
        int before = generations.get();
        assertContextExceeded(recorded(api.post("/v1/chat/completions", chat.formatted("\"max_tokens\":60,", words(10)))),
                "This model's maximum context length is 64 tokens. However, you requested 75 tokens (15 in the messages, "
                        + "60 in the completion). Please reduce the length of the messages or completion.", "messages");
        assertContextExceeded(recorded(api.post("/v1/chat/completions", chat.formatted("\"max_completion_tokens\":50,", words(10)))),
                "This model's maximum context length is 64 tokens. However, you requested 65 tokens (15 in the messages, "
                        + "50 in the completion). Please reduce the length of the messages or completion.", "messages");
        // Without max_tokens, a prompt that leaves no room at all is refused too.
        assertContextExceeded(recorded(api.post("/v1/chat/completions", chat.formatted("", words(59)))),
                "This model's maximum context length is 64 tokens. However, you requested 65 tokens (64 in the messages, "
                        + "1 in the completion). Please reduce the length of the messages or completion.", "messages");
        assertThat(generations.get()).as("nothing is sent to the server on a refusal").isEqualTo(before);

        ControlPlane.Response fits = recorded(api.post("/v1/chat/completions", chat.formatted("\"max_tokens\":49,", words(10))));
        assertThat(fits.status()).as(fits.body()).isEqualTo(200);
        assertThat(generations.get()).isEqualTo(before + 1);
        ControlPlane.Response filled = recorded(api.post("/v1/chat/completions", chat.formatted("", words(10))));
        assertThat(filled.status()).as(filled.body()).isEqualTo(200);
        assertThat(lastGeneration.get()).as("max_tokens is set to what fits").contains("\"max_tokens\":49");
        assertThat(generations.get()).isEqualTo(before + 2);
    }

    @Test
    void aCompletionTooLongForAnOpenAiConnectionsWindowIsRefusedByTheConservativeEstimate() {
        ControlPlane.Response made = add(credential(KEY, stubUrl("/estimated"), "my-org/estimated", 20, ",\"kind\":\"openai\""));
        assertThat(made.status()).as(made.body()).isEqualTo(201);
        String completion = "{\"model\":\"my-org/estimated\",\"prompt\":\"%s\"%s}";
        int before = generations.get();
        // 30 bytes count as 10 tokens (bytes ÷ 3, rounded up).
        assertContextExceeded(recorded(api.post("/v1/completions", completion.formatted("x".repeat(30), ",\"max_tokens\":11"))),
                "This model's maximum context length is 20 tokens. However, you requested 21 tokens (10 in the messages, "
                        + "11 in the completion). Please reduce the length of the messages or completion.", "prompt");
        assertThat(generations.get()).isEqualTo(before);
        ControlPlane.Response bad = recorded(api.post("/v1/completions", completion.formatted("x", ",\"max_tokens\":\"many\"")));
        assertThat(bad.status()).as(bad.body()).isEqualTo(400);
        assertThat(bad.json().get("error").get("param").asText()).isEqualTo("max_tokens");

        ControlPlane.Response filled = recorded(api.post("/v1/completions", completion.formatted("x".repeat(29), "")));
        assertThat(filled.status()).as(filled.body()).isEqualTo(200);
        assertThat(lastGeneration.get()).contains("\"max_tokens\":10");
        assertThat(generations.get()).isEqualTo(before + 1);
    }

    static final String WAKING_CHAT = "{\"model\":\"%s\",\"max_tokens\":3,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";

    @Test
    void aConnectionThatAnswers503WhileWakingIsAskedAgainUntilItAnswers() {
        ControlPlane.Response made = add(credential(KEY, stubUrl("/waking"), "my-org/waking", 4096, ",\"kind\":\"openai\""));
        assertThat(made.status()).as(made.body()).isEqualTo(201);
        wakingAttempts.set(0);
        long started = System.nanoTime();
        ControlPlane.Response r = recorded(api.post("/v1/chat/completions", WAKING_CHAT.formatted("my-org/waking")));
        double took = (System.nanoTime() - started) / 1e9;
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("choices").get(0).path("message").get("content").asText()).isEqualTo("ok");
        assertThat(wakingAttempts.get()).isEqualTo(3);
        assertThat(took).as("0.5 s, then 1 s (the server's estimate) between the tries").isBetween(1.4, 10.0);
        assertThat(wakingTimeouts).as("the deadline goes to the server too, as the seconds left")
                .allSatisfy(t -> assertThat(Integer.parseInt(t)).isBetween(55, 60));
    }

    @Test
    void aConnectionThatNeverWakesIsA503WithRetryAfterOnceTheScaleUpTimeoutHasPassed() {
        ControlPlane.Response made = add(credential(KEY, stubUrl("/asleep"), "my-org/asleep", 4096, ",\"kind\":\"openai\""));
        assertThat(made.status()).as(made.body()).isEqualTo(201);
        asleepAttempts.set(0);
        long started = System.nanoTime();
        ControlPlane.Response r = recorded(api.send(asleepChat("2")));
        double took = (System.nanoTime() - started) / 1e9;
        assertThat(r.status()).as(r.body()).isEqualTo(503);
        assertThat(r.raw().headers().firstValue("Retry-After")).hasValue("30");
        JsonNode e = r.json().get("error");
        assertThat(e.get("message").asText()).startsWith("The server of connection alice/asleep is starting and did not "
                + "become ready in time: it answered 503 to 3 tries over ").endsWith(" s. Retry after 30 s, or send a "
                + "longer X-Scale-Up-Timeout (seconds).");
        assertThat(e.get("type").asText()).isEqualTo("server_error");
        assertThat(e.get("code").asText()).isEqualTo("connection_waking");
        assertThat(asleepAttempts.get()).as("tries after 0.5 s and 1 s more; the next, 2 s later, would pass the deadline")
                .isEqualTo(3);
        assertThat(took).isBetween(1.4, 2.5);

        ControlPlane.Response bad = recorded(api.send(asleepChat("soon")));
        assertThat(bad.status()).as(bad.body()).isEqualTo(400);
        assertThat(bad.json().get("error").get("code").asText()).isEqualTo("invalid_scale_up_timeout");
        assertThat(asleepAttempts.get()).as("a bad header sends nothing").isEqualTo(3);
    }

    static HttpRequest.Builder asleepChat(String scaleUpTimeout) {
        return HttpRequest.newBuilder(java.net.URI.create(api.base() + "/v1/chat/completions"))
                .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + api.token())
                .header("Content-Type", "application/json").header("X-Scale-Up-Timeout", scaleUpTimeout)
                .POST(HttpRequest.BodyPublishers.ofString(WAKING_CHAT.formatted("my-org/asleep")));
    }

    @Test
    void theInferenceApisModelsRouteGeneratesWithAManagedEndpointAndATgiConnectionByModelId() {
        ControlPlane.Response made = add(credential(KEY, remoteUrl(), MODEL, 4096, ",\"name\":\"hf-remote\""));
        assertThat(made.status()).as(made.body()).isEqualTo(201);
        assertThat(made.json().get("kind").asText()).isEqualTo("tgi");
        String tgi = "{\"inputs\":\"Hello\",\"parameters\":{\"max_new_tokens\":2}%s}";
        for (String model : List.of("tiny", "hf-remote")) {
            ControlPlane.Response r = recorded(api.post("/models/" + model, tgi.formatted("")));
            assertThat(r.status()).as(model + ": " + r.body()).isEqualTo(200);
            assertThat(r.json().isArray()).isTrue();
            assertThat(r.json().get(0).get("generated_text").asText()).startsWith("Hello");
            ControlPlane.Response stream = recorded(api.post("/models/" + model, tgi.formatted(",\"stream\":true")));
            assertThat(stream.status()).as(model + ": " + stream.body()).isEqualTo(200);
            assertThat(stream.raw().headers().firstValue("content-type").orElse("")).startsWith("text/event-stream");
            assertThat(stream.body()).contains("data:").contains("\"token\"");
        }
    }

    @Test
    void theInferenceApisRoutesAnswerErrorsInHfsShape() {
        String tgi = "{\"inputs\":\"Hello\"}";
        ControlPlane.Response unknown = recorded(api.post("/models/nobody/nothing", tgi));
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().get("error").asText()).isEqualTo("Model nobody/nothing does not exist or you do not have access to it");
        ControlPlane.Response noToken = api.as(null).post("/models/tiny", tgi);
        assertThat(noToken.status()).isEqualTo(401);
        assertThat(noToken.json().get("error").isTextual()).isTrue();
        ControlPlane.Response notJson = recorded(api.post("/models/tiny", "inputs=Hello"));
        assertThat(notJson.status()).isEqualTo(400);
        assertThat(notJson.json().get("error").asText()).isEqualTo("Bad Request: the body must be a JSON object with \"inputs\"");
        ControlPlane.Response notEmbedding = recorded(api.post("/pipeline/feature-extraction/tiny", tgi));
        assertThat(notEmbedding.status()).isEqualTo(400);
        assertThat(notEmbedding.json().get("error").asText())
                .isEqualTo("Bad Request: model tiny serves task text-generation, not feature-extraction; call POST /models/tiny instead");
        ControlPlane.Response unknownPipeline = recorded(api.post("/pipeline/feature-extraction/nobody/nothing", tgi));
        assertThat(unknownPipeline.status()).isEqualTo(404);
        assertThat(unknownPipeline.json().get("error").isTextual()).isTrue();
    }

    static JsonNode usageOf(JsonNode usage, String model) {
        for (JsonNode m : usage.get("models")) if (m.get("model").asText().equals(model)) return m;
        return null;
    }

    @Test
    void tokensUsedAreCountedPerNamespaceAndModelInV2UsageAndMetrics() {
        ControlPlane.Response made = add(credential(KEY, stubUrl("/metered"), "my-org/metered", 4096, ",\"kind\":\"openai\""));
        assertThat(made.status()).as(made.body()).isEqualTo(201);
        String chat = "{\"model\":\"%s\",\"max_tokens\":3,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]%s}";
        JsonNode before = recorded(api.get("/v2/usage/alice")).json();
        JsonNode tinyBefore = usageOf(before, "tiny");
        long tinyRequests = tinyBefore == null ? 0 : tinyBefore.get("requests").asLong();
        long tinyPrompt = tinyBefore == null ? 0 : tinyBefore.get("prompt_tokens").asLong();
        for (int i = 0; i < 2; i++) {
            assertThat(recorded(api.post("/v1/chat/completions", chat.formatted("my-org/metered", ""))).status()).isEqualTo(200);
        }
        ControlPlane.Response tiny = recorded(api.post("/v1/chat/completions", chat.formatted("tiny", "")));
        assertThat(tiny.status()).as(tiny.body()).isEqualTo(200);
        long tinyUsed = tiny.json().path("usage").path("prompt_tokens").asLong();
        assertThat(tinyUsed).isPositive();
        assertThat(recorded(api.post("/v1/chat/completions", chat.formatted("tiny", ",\"stream\":true"))).status()).isEqualTo(200);

        JsonNode usage = recorded(api.get("/v2/usage/alice")).json();
        assertThat(usage.get("namespace").asText()).isEqualTo("alice");
        JsonNode metered = usageOf(usage, "metered");
        assertThat(metered).as(usage.toString()).isNotNull();
        assertThat(metered.get("requests").asLong()).isEqualTo(2);
        assertThat(metered.get("prompt_tokens").asLong()).isEqualTo(14);
        assertThat(metered.get("completion_tokens").asLong()).isEqualTo(6);
        assertThat(metered.get("total_tokens").asLong()).isEqualTo(20);
        JsonNode tinyAfter = usageOf(usage, "tiny");
        assertThat(tinyAfter.get("requests").asLong()).as("a streamed answer is not counted").isEqualTo(tinyRequests + 1);
        assertThat(tinyAfter.get("prompt_tokens").asLong()).isEqualTo(tinyPrompt + tinyUsed);

        String metrics = recorded(api.get("/metrics")).body();
        assertThat(metrics).contains("hearth_usage_prompt_tokens_total{namespace=\"alice\",model=\"metered\"} 14")
                .contains("hearth_usage_completion_tokens_total{namespace=\"alice\",model=\"metered\"} 6");

        String bob = api.post("/v2/tokens", "{\"namespace\":\"bob\",\"label\":\"usage test\"}").json().get("token").asText();
        assertThat(api.as(bob).get("/v2/usage/alice").status()).isEqualTo(403);
        assertThat(api.as(bob).get("/v2/usage/bob").json().get("models")).isEmpty();
    }
}
