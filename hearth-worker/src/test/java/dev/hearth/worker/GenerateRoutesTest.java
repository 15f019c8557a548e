package dev.hearth.worker;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;

import static dev.hearth.worker.WorkerFixture.http;
import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(WorkerFixture.class)
class GenerateRoutesTest {

    static final String GREEDY = """
            {"inputs":"the cat sat on the","parameters":{"max_new_tokens":12,"details":true}}""";

    @Test
    void generateAnswersAnObjectWithDetailsAndTgiTimingHeaders() {
        Http.Response r = http.post("/generate", GREEDY);
        assertThat(r.status()).isEqualTo(200);
        JsonNode body = r.json();
        assertThat(body.get("generated_text").isTextual()).isTrue();
        JsonNode details = body.get("details");
        assertThat(details.get("finish_reason").asText()).isIn("length", "eos_token");
        assertThat(details.get("tokens")).hasSize(details.get("generated_tokens").asInt());
        assertThat(details.get("seed").isNull()).as("greedy decoding reports no seed").isTrue();
        assertThat(details.get("prefill")).isEmpty();
        assertThat(details.has("top_tokens")).isFalse();
        assertThat(r.header("x-generated-tokens")).isEqualTo(details.get("generated_tokens").asText());
        assertThat(r.header("x-prompt-tokens")).isNotNull();
        assertThat(r.header("x-compute-type")).isNotNull();
    }

    @Test
    void generatedTextIsTheConcatenationOfTheNonSpecialTokenTexts() {
        JsonNode body = http.post("/generate", GREEDY).json();
        StringBuilder joined = new StringBuilder();
        for (JsonNode t : body.get("details").get("tokens")) if (!t.get("special").asBoolean()) joined.append(t.get("text").asText());
        assertThat(body.get("generated_text").asText()).isEqualTo(joined.toString());
    }

    @Test
    void greedyDecodingIsDeterministic() {
        assertThat(http.post("/generate", GREEDY).json()).isEqualTo(http.post("/generate", GREEDY).json());
    }

    @Test
    void theSameSeedGivesTheSameTextAndTheSeedIsReported() {
        String seeded = """
                {"inputs":"a story","parameters":{"do_sample":true,"temperature":1.3,"seed":1234,"max_new_tokens":16,"details":true}}""";
        JsonNode a = http.post("/generate", seeded).json();
        JsonNode b = http.post("/generate", seeded).json();
        assertThat(a.get("generated_text")).isEqualTo(b.get("generated_text"));
        assertThat(a.get("details").get("seed").asLong()).isEqualTo(1234);
        JsonNode other = http.post("/generate", seeded.replace("1234", "4321")).json();
        assertThat(other.get("details").get("tokens")).isNotEqualTo(a.get("details").get("tokens"));
    }

    @Test
    void maxNewTokensBoundsTheGeneration() {
        JsonNode d = http.post("/generate", """
                {"inputs":"count","parameters":{"max_new_tokens":3,"details":true}}""").json().get("details");
        assertThat(d.get("generated_tokens").asInt()).isLessThanOrEqualTo(3);
        if (d.get("finish_reason").asText().equals("length")) assertThat(d.get("generated_tokens").asInt()).isEqualTo(3);
    }

    @Test
    void aStopSequenceEndsTheTextRightAfterItAndIsKept() {
        JsonNode free = http.post("/generate", """
                {"inputs":"the cat sat on the","parameters":{"max_new_tokens":40,"details":true}}""").json();
        String text = free.get("generated_text").asText();
        // Take a stop sequence from what the model does produce, past its first few characters.
        String stop = text.strip().length() >= 4 ? text.substring(text.length() / 2, text.length() / 2 + 2) : text;
        JsonNode stopped = http.post("/generate", """
                {"inputs":"the cat sat on the","parameters":{"max_new_tokens":40,"details":true,"stop":[%s]}}"""
                .formatted(Http.JSON.valueToTree(stop))).json();
        String cut = stopped.get("generated_text").asText();
        assertThat(stopped.get("details").get("finish_reason").asText()).isEqualTo("stop_sequence");
        assertThat(cut).endsWith(stop);
        assertThat(text).startsWith(cut);
        assertThat(cut.indexOf(stop)).isEqualTo(cut.length() - stop.length());
    }

    @Test
    void theLegacyRootRouteAnswersAJsonArrayWithTheFullText() {
        Http.Response r = http.post("/", """
                {"inputs":"the cat","parameters":{"max_new_tokens":5}}""");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().isArray()).isTrue();
        assertThat(r.json()).hasSize(1);
        assertThat(r.json().get(0).get("generated_text").asText()).startsWith("the cat");
        assertThat(r.json().get(0).has("details")).isFalse();
    }

    @Test
    void returnFullTextPrependsTheInputsOnGenerate() {
        JsonNode plain = http.post("/generate", """
                {"inputs":"hello there","parameters":{"max_new_tokens":5}}""").json();
        JsonNode full = http.post("/generate", """
                {"inputs":"hello there","parameters":{"max_new_tokens":5,"return_full_text":true}}""").json();
        assertThat(full.get("generated_text").asText()).isEqualTo("hello there" + plain.get("generated_text").asText());
    }

    @Test
    void generateStreamSendsOneEventPerTokenAndDetailsOnlyOnTheLast() {
        Http.Response r = http.post("/generate_stream", """
                {"inputs":"the cat sat on the","parameters":{"max_new_tokens":12,"details":true}}""");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("content-type")).startsWith("text/event-stream");
        assertThat(r.body()).doesNotContain("[DONE]");
        assertThat(r.body()).startsWith("data: {");
        List<JsonNode> events = r.events().stream().map(Http::readJson).toList();
        for (int i = 0; i < events.size(); i++) {
            JsonNode e = events.get(i);
            assertThat(e.get("index").asInt()).isEqualTo(i + 1);
            assertThat(e.get("token").get("id").isInt()).isTrue();
            boolean last = i == events.size() - 1;
            assertThat(e.get("generated_text").isNull()).isEqualTo(!last);
            assertThat(e.get("details").isNull()).isEqualTo(!last);
        }
        JsonNode last = events.getLast();
        assertThat(last.get("details").get("generated_tokens").asInt()).isEqualTo(events.size());
        assertThat(last.get("details").get("input_length").asInt()).isPositive();
        // Streaming and non-streaming greedy generation agree.
        JsonNode whole = http.post("/generate", GREEDY).json();
        assertThat(last.get("generated_text")).isEqualTo(whole.get("generated_text"));
    }

    @Test
    void topNTokensReportsAlternativesBestFirst() {
        JsonNode d = http.post("/generate", """
                {"inputs":"the","parameters":{"max_new_tokens":4,"details":true,"top_n_tokens":3}}""").json().get("details");
        assertThat(d.get("top_tokens")).hasSize(d.get("generated_tokens").asInt());
        JsonNode first = d.get("top_tokens").get(0);
        assertThat(first).hasSize(3);
        assertThat(first.get(0).get("logprob").asDouble()).isGreaterThanOrEqualTo(first.get(1).get("logprob").asDouble());
        // Greedy: the chosen token is the most likely one.
        assertThat(d.get("tokens").get(0).get("id")).isEqualTo(first.get(0).get("id"));
    }

    @Test
    void decoderInputDetailsReportsThePromptTokens() {
        JsonNode d = http.post("/generate", """
                {"inputs":"the cat sat","parameters":{"max_new_tokens":2,"details":true,"decoder_input_details":true}}""")
                .json().get("details");
        JsonNode tokenized = http.post("/tokenize", """
                {"inputs":"the cat sat"}""").json();
        assertThat(d.get("prefill")).hasSize(tokenized.size());
        assertThat(d.get("prefill").get(0).get("logprob").isNull()).isTrue();
        assertThat(d.get("prefill").get(1).get("logprob").asDouble()).isNegative();
    }

    @Test
    void truncateKeepsTheLastTokensOfTheInput() {
        JsonNode d = http.post("/generate_stream", """
                {"inputs":"one two three four five six seven","parameters":{"max_new_tokens":1,"details":true,"truncate":3}}""")
                .events().stream().map(Http::readJson).toList().getLast().get("details");
        assertThat(d.get("input_length").asInt()).isEqualTo(3);
    }
}
