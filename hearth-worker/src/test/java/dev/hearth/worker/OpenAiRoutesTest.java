package dev.hearth.worker;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;

import static dev.hearth.worker.WorkerFixture.http;
import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(WorkerFixture.class)
class OpenAiRoutesTest {

    static final String CHAT = """
            {"model":"tgi","messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"Hello"}],
             "max_tokens":10,"temperature":0}""";

    @Test
    void theChatPromptIsRenderedWithTheModelsOwnTemplate() {
        JsonNode t = http.post("/chat_tokenize", CHAT).json();
        assertThat(t.get("templated_text").asText()).isEqualTo(
                "<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\nHello<|im_end|>\n<|im_start|>assistant\n");
        // The markers are special tokens, one token each, not spelled out byte by byte.
        JsonNode first = t.get("tokenize_response").get(0);
        assertThat(first.get("text").asText()).isEqualTo("<|im_start|>");
        // ...and exactly that prompt is what generation consumed.
        JsonNode chat = http.post("/v1/chat/completions", CHAT).json();
        assertThat(chat.get("usage").get("prompt_tokens").asInt()).isEqualTo(t.get("tokenize_response").size());
    }

    @Test
    void chatCompletionHasOpenAisShapeAndEchoesTheServedModel() {
        JsonNode c = http.post("/v1/chat/completions", CHAT).json();
        assertThat(c.get("object").asText()).isEqualTo("chat.completion");
        assertThat(c.get("id").asText()).isEmpty();
        assertThat(c.get("model").asText()).isEqualTo("tiny-chat");
        assertThat(c.get("system_fingerprint").asText()).endsWith("-native");
        JsonNode choice = c.get("choices").get(0);
        assertThat(choice.get("message").get("role").asText()).isEqualTo("assistant");
        assertThat(choice.get("finish_reason").asText()).isIn("stop", "length");
        JsonNode usage = c.get("usage");
        assertThat(usage.get("total_tokens").asInt())
                .isEqualTo(usage.get("prompt_tokens").asInt() + usage.get("completion_tokens").asInt());
        // temperature 0 is greedy on this route, hence deterministic.
        assertThat(http.post("/v1/chat/completions", CHAT).json().get("choices")).isEqualTo(c.get("choices"));
        // A client's own model name is echoed back.
        assertThat(http.post("/v1/chat/completions", CHAT.replace("\"tgi\"", "\"dummy\"")).json().get("model").asText())
                .isEqualTo("dummy");
    }

    @Test
    void streamedChatCarriesTheRoleInEveryDeltaAndEndsWithDone() {
        Http.Response r = http.post("/v1/chat/completions", CHAT.replace("\"temperature\":0", "\"temperature\":0,\"stream\":true,\"stream_options\":{\"include_usage\":true}"));
        assertThat(r.status()).isEqualTo(200);
        List<String> events = r.events();
        assertThat(events.getLast()).isEqualTo("[DONE]");
        List<JsonNode> chunks = events.subList(0, events.size() - 1).stream().map(Http::readJson).toList();
        JsonNode usage = chunks.getLast();
        assertThat(usage.get("choices")).isEmpty();
        assertThat(usage.get("usage").get("completion_tokens").asInt()).isEqualTo(chunks.size() - 1);
        StringBuilder text = new StringBuilder();
        for (JsonNode chunk : chunks.subList(0, chunks.size() - 1)) {
            assertThat(chunk.get("object").asText()).isEqualTo("chat.completion.chunk");
            assertThat(chunk.get("usage").isNull()).isTrue();
            JsonNode delta = chunk.get("choices").get(0).get("delta");
            assertThat(delta.get("role").asText()).isEqualTo("assistant");
            text.append(delta.get("content").asText());
        }
        assertThat(chunks.get(chunks.size() - 2).get("choices").get(0).get("finish_reason").asText()).isIn("stop", "length");
        String whole = http.post("/v1/chat/completions", CHAT).json().get("choices").get(0).get("message").get("content").asText();
        assertThat(text.toString()).isEqualTo(whole);
    }

    @Test
    void chatLogprobsComeInOpenAisShape() {
        JsonNode c = http.post("/v1/chat/completions", CHAT.replace("\"temperature\":0", "\"temperature\":0,\"logprobs\":true,\"top_logprobs\":2")).json();
        JsonNode content = c.get("choices").get(0).get("logprobs").get("content");
        assertThat(content.size()).isEqualTo(c.get("usage").get("completion_tokens").asInt());
        assertThat(content.get(0).get("top_logprobs")).hasSize(2);
        assertThat(content.get(0).get("logprob").asDouble()).isLessThanOrEqualTo(0);
    }

    @Test
    void completionsAnswerOneChoicePerPrompt() {
        JsonNode c = http.post("/v1/completions", """
                {"model":"x","prompt":["the cat","a dog"],"max_tokens":4,"temperature":0}""").json();
        assertThat(c.get("object").asText()).isEqualTo("text_completion");
        assertThat(c.get("model").asText()).isEqualTo("tiny-chat");
        assertThat(c.get("choices")).hasSize(2);
        assertThat(c.get("choices").get(1).get("index").asInt()).isEqualTo(1);
        // Each prompt generates what it generates alone.
        JsonNode alone = http.post("/v1/completions", """
                {"prompt":"a dog","max_tokens":4,"temperature":0}""").json();
        assertThat(c.get("choices").get(1).get("text")).isEqualTo(alone.get("choices").get(0).get("text"));
    }

    @Test
    void streamedCompletionsEndWithAFinalChunkPerPromptAndDone() {
        Http.Response r = http.post("/v1/completions", """
                {"prompt":["the cat","a dog"],"max_tokens":4,"temperature":0,"stream":true}""");
        List<String> events = r.events();
        assertThat(events.getLast()).isEqualTo("[DONE]");
        long finals = events.stream().filter(e -> !e.equals("[DONE]")).map(Http::readJson)
                .filter(e -> e.has("usage") && !e.get("usage").isNull()).count();
        assertThat(finals).isEqualTo(2);
        events.stream().filter(e -> !e.equals("[DONE]")).map(Http::readJson)
                .forEach(e -> assertThat(e.get("object").asText()).isEqualTo("text_completion"));
    }

    @Test
    void completionsRefuseASuffixAndTooManyPrompts() {
        Http.Response suffix = http.post("/v1/completions", "{\"prompt\":\"x\",\"suffix\":\"y\"}");
        assertThat(suffix.status()).isEqualTo(422);
        assertThat(suffix.json().get("error_type").asText()).isEqualTo("suffix not supported");
        Http.Response many = http.post("/v1/completions", "{\"prompt\":[\"a\",\"b\",\"c\",\"d\",\"e\"]}");
        assertThat(many.status()).isEqualTo(422);
        assertThat(many.json().get("error_type").asText()).isEqualTo("batch size exceeded");
    }

    @Test
    void modelsListTheServedModel() {
        JsonNode m = http.get("/v1/models").json();
        assertThat(m.get("object").asText()).isEqualTo("list");
        assertThat(m.get("data").get(0).get("id").asText()).isEqualTo("tiny-chat");
        assertThat(m.get("data").get(0).get("owned_by").asText()).isEqualTo("tiny-chat");
    }

    @Test
    void toolsDeclinedWithToolChoiceNoneAreServedAsPlainChat() {
        String tools = CHAT.replace("\"max_tokens\":10", "\"max_tokens\":3,\"tool_choice\":\"none\","
                + "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\",\"parameters\":{}}}]");
        Http.Response r = http.post("/v1/chat/completions", tools);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().at("/choices/0/message/content").isTextual()).isTrue();
    }
}
