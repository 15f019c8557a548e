package dev.hearth.worker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The prompt cache through the worker's HTTP API: two workers on the same model, one with the cache and one
 * started with it off, answer a multi-turn conversation with the same tokens; the cached one says how many prompt
 * tokens it reused, in TGI's details, OpenAI's usage and /metrics.
 */
class PromptCacheRoutesTest {

    static Worker cached, uncached;
    static Http withCache, withoutCache;
    static final String CONTEXT = String.join(" ", Collections.nCopies(10,
            "the old man walked to the river and sat on the bank to watch the boats"));

    @BeforeAll
    static void start() {
        WorkerOptions o = TestModels.options(WorkerFixture.model());
        cached = Worker.start(o);
        uncached = Worker.start(o.withPrefixCache(false));
        withCache = new Http("http://127.0.0.1:" + cached.port());
        withoutCache = new Http("http://127.0.0.1:" + uncached.port());
    }

    @AfterAll
    static void stop() {
        cached.close();
        uncached.close();
    }

    static String generate(String inputs, String parameters) {
        ObjectNode body = Http.JSON.createObjectNode().put("inputs", inputs);
        body.set("parameters", Http.readJson(parameters));
        return body.toString();
    }

    static JsonNode post(Http http, String path, String body) {
        Http.Response r = http.post(path, body);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    static long metric(Http http, String name) {
        String text = http.get("/metrics").body();
        return text.lines().filter(l -> l.startsWith(name + " ")).mapToLong(l -> (long) Double.parseDouble(l.split(" ")[1]))
                .findFirst().orElse(0);
    }

    @Test
    void aFollowUpTurnReusesThePromptAndGeneratesWhatAnUncachedWorkerGenerates() {
        for (String parameters : List.of(
                "{\"max_new_tokens\":10,\"details\":true}",
                "{\"max_new_tokens\":10,\"details\":true,\"do_sample\":true,\"temperature\":0.8,\"top_k\":30,\"seed\":11}")) {
            String turn1 = generate(CONTEXT, parameters);
            JsonNode a1 = post(withCache, "/generate", turn1);
            JsonNode b1 = post(withoutCache, "/generate", turn1);
            assertThat(a1.get("details").get("tokens")).isEqualTo(b1.get("details").get("tokens"));
            String turn2 = generate(CONTEXT + a1.get("generated_text").asText() + " and then he went home", parameters);
            JsonNode a2 = post(withCache, "/generate", turn2);
            JsonNode b2 = post(withoutCache, "/generate", turn2);
            assertThat(a2.get("details").get("tokens")).as(parameters).isEqualTo(b2.get("details").get("tokens"));
            assertThat(a2.get("generated_text")).isEqualTo(b2.get("generated_text"));
            int reused = a2.get("details").get("cached_tokens").asInt();
            assertThat(reused).as("whole 64-token chunks of turn 1's prompt").isPositive().matches(n -> n % 64 == 0);
            assertThat(b2.get("details").get("cached_tokens").asInt()).isZero();
        }
    }

    @Test
    void metricsCountHitsMissesAndReusedTokens() {
        String body = generate(CONTEXT + " once more", "{\"max_new_tokens\":2,\"details\":true}");
        post(withCache, "/generate", body);
        long hits = metric(withCache, "tgi_request_prefix_cache_hit");
        long reused = metric(withCache, "tgi_request_prefix_cache_reused_tokens");
        long prefilled = metric(withCache, "tgi_request_prefill_tokens");
        JsonNode again = post(withCache, "/generate", body);
        int cachedTokens = again.get("details").get("cached_tokens").asInt();
        assertThat(cachedTokens).isPositive();
        assertThat(metric(withCache, "tgi_request_prefix_cache_hit")).isEqualTo(hits + 1);
        assertThat(metric(withCache, "tgi_request_prefix_cache_reused_tokens")).isEqualTo(reused + cachedTokens);
        assertThat(metric(withCache, "tgi_request_prefix_cache_miss")).as("the first request of all").isPositive();
        assertThat(metric(withCache, "tgi_request_prefill_tokens")).isGreaterThan(prefilled);
        assertThat(metric(withoutCache, "tgi_request_prefix_cache_hit")).isZero();
    }

    @Test
    void theLastStreamEventAndOpenAiUsageReportCachedTokens() {
        String body = generate(CONTEXT + " in the stream", "{\"max_new_tokens\":3,\"details\":true}");
        post(withCache, "/generate", body);
        List<String> events = withCache.post("/generate_stream", body).events();
        JsonNode last = Http.readJson(events.getLast());
        assertThat(last.get("details").get("cached_tokens").asInt()).isPositive();

        String chat1 = """
                {"messages":[{"role":"system","content":"%s"},{"role":"user","content":"where did he sit?"}],
                 "max_tokens":6,"seed":3,"temperature":0.7}""".formatted(CONTEXT);
        JsonNode c1 = post(withCache, "/v1/chat/completions", chat1);
        String answer = c1.get("choices").get(0).get("message").get("content").asText();
        ObjectNode chat2 = (ObjectNode) Http.readJson(chat1);
        com.fasterxml.jackson.databind.node.ArrayNode messages = (com.fasterxml.jackson.databind.node.ArrayNode) chat2.get("messages");
        messages.addObject().put("role", "assistant").put("content", answer);
        messages.addObject().put("role", "user").put("content", "and then?");
        JsonNode c2 = post(withCache, "/v1/chat/completions", chat2.toString());
        JsonNode u2 = post(withoutCache, "/v1/chat/completions", chat2.toString());
        assertThat(c2.get("usage").get("prompt_tokens_details").get("cached_tokens").asInt()).isPositive();
        assertThat(u2.get("usage").get("prompt_tokens_details").get("cached_tokens").asInt()).isZero();
        assertThat(c2.get("choices").get(0).get("message").get("content"))
                .isEqualTo(u2.get("choices").get(0).get("message").get("content"));
    }
}
