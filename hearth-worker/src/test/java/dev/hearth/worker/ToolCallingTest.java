package dev.hearth.worker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tools on {@code /v1/chat/completions}, with the random-weight model: calls are forced by the tool grammar. The
 * tools and TGI's tool prompt make long prompts for this model's near character-level vocabulary, so this class
 * runs its own worker with room for 1500 prompt tokens.
 */
class ToolCallingTest {

    static Worker worker;
    static Http http;

    @BeforeAll
    static void start() {
        worker = Worker.start(TestModels.options(WorkerFixture.model(), 1500, 2048));
        http = new Http("http://127.0.0.1:" + worker.port());
    }

    @AfterAll
    static void stop() {
        worker.close();
    }

    static final String WEATHER_PARAMETERS = """
            {"type":"object","properties":{"location":{"type":"string","maxLength":8},"unit":{"enum":["celsius","fahrenheit"]}},
             "required":["location","unit"]}""";
    static final String TIME_PARAMETERS = """
            {"type":"object","properties":{"zone":{"enum":["UTC","CET"]}},"required":["zone"]}""";

    static ArrayNode tools() {
        ArrayNode tools = Http.JSON.createArrayNode();
        // Short: the tools and TGI's tool prompt join the prompt, and the test worker allows 512 tokens in all.
        tools.addObject().put("type", "function").putObject("function").put("name", "get_weather")
                .set("parameters", Http.readJson(WEATHER_PARAMETERS));
        tools.addObject().put("type", "function").putObject("function").put("name", "get_time")
                .set("parameters", Http.readJson(TIME_PARAMETERS));
        return tools;
    }

    static ObjectNode request(Object toolChoice, long seed, boolean stream) {
        ObjectNode body = Http.JSON.createObjectNode().put("max_tokens", 100).put("seed", seed).put("temperature", 1.0)
                .put("stream", stream);
        body.putArray("messages").addObject().put("role", "user").put("content", "Weather in Paris?");
        body.set("tools", tools());
        if (toolChoice instanceof String s) body.put("tool_choice", s);
        else if (toolChoice instanceof JsonNode n) body.set("tool_choice", n);
        return body;
    }

    static JsonNode ok(Http.Response r) {
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    static JsonNode parametersOf(String name) {
        return Http.readJson(name.equals("get_weather") ? WEATHER_PARAMETERS : TIME_PARAMETERS);
    }

    static void assertValidCall(JsonNode call) {
        assertThat(call.get("id").asText()).isNotEmpty();
        assertThat(call.get("type").asText()).isEqualTo("function");
        String name = call.at("/function/name").asText();
        assertThat(name).isIn("get_weather", "get_time");
        JsonNode arguments = Http.readJson(call.at("/function/arguments").asText());
        var validator = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(parametersOf(name).toString());
        assertThat(validator.validate(arguments)).as(arguments.toString()).isEmpty();
    }

    @Test
    void toolChoiceRequiredAlwaysGivesAValidCallToOneOfTheTools() {
        for (long seed = 1; seed <= 5; seed++) {
            JsonNode answer = ok(http.post("/v1/chat/completions", request("required", seed, false).toString()));
            JsonNode choice = answer.at("/choices/0");
            assertThat(choice.get("finish_reason").asText()).as(answer.toString()).isEqualTo("tool_calls");
            assertThat(choice.at("/message/content").isMissingNode()).isTrue();
            assertThat(choice.at("/message/tool_calls")).hasSize(1);
            assertValidCall(choice.at("/message/tool_calls/0"));
        }
    }

    @Test
    void aNamedFunctionIsTheOneCalled() {
        JsonNode named = Http.JSON.createObjectNode().put("type", "function").set("function",
                Http.JSON.createObjectNode().put("name", "get_time"));
        for (Object choice : List.of(named, "get_time")) {
            JsonNode answer = ok(http.post("/v1/chat/completions", request(choice, 5, false).toString()));
            assertThat(answer.at("/choices/0/message/tool_calls/0/function/name").asText()).isEqualTo("get_time");
            assertValidCall(answer.at("/choices/0/message/tool_calls/0"));
        }
    }

    @Test
    void streamedDeltasReassembleToTheCallTheCompleteAnswerGives() {
        for (long seed = 1; seed <= 3; seed++) {
            JsonNode whole = ok(http.post("/v1/chat/completions", request("required", seed, false).toString()))
                    .at("/choices/0/message/tool_calls/0");
            List<String> events = http.post("/v1/chat/completions", request("required", seed, true).toString()).events();
            assertThat(events.getLast()).isEqualTo("[DONE]");
            JsonNode first = Http.readJson(events.getFirst()).at("/choices/0/delta/tool_calls/0");
            assertThat(first.at("/function/name").asText()).isEqualTo(whole.at("/function/name").asText());
            assertThat(first.get("id").asText()).isEqualTo(whole.get("id").asText());
            assertThat(first.get("type").asText()).isEqualTo("function");
            StringBuilder arguments = new StringBuilder();
            String finish = null;
            for (String e : events.subList(0, events.size() - 1)) {
                JsonNode choice = Http.readJson(e).at("/choices/0");
                arguments.append(choice.at("/delta/tool_calls/0/function/arguments").asText());
                if (!choice.get("finish_reason").isNull()) finish = choice.get("finish_reason").asText();
            }
            assertThat(arguments.toString()).isEqualTo(whole.at("/function/arguments").asText());
            assertThat(finish).isEqualTo("tool_calls");
        }
    }

    @Test
    void autoLetsTheModelCallAToolOrAnswerInTextAndBothAreWellFormed() {
        int calls = 0, texts = 0;
        for (long seed = 1; seed <= 12; seed++) {
            JsonNode choice = ok(http.post("/v1/chat/completions", request(null, seed, false).toString())).at("/choices/0");
            if (choice.at("/message/tool_calls").isArray()) {
                assertValidCall(choice.at("/message/tool_calls/0"));
                assertThat(choice.get("finish_reason").asText()).isEqualTo("tool_calls");
                calls++;
            } else {
                assertThat(choice.at("/message/content").isTextual()).isTrue();
                // TGI's no_tool: the text is generated again without the grammar, so it is not a JSON call.
                assertThat(choice.at("/message/content").asText()).doesNotContain("\"_name\"");
                assertThat(choice.get("finish_reason").asText()).isIn("stop", "length");
                texts++;
            }
        }
        assertThat(calls).isPositive();
        assertThat(texts).as("the model picks no_tool for some seeds").isPositive();
    }

    @Test
    void theToolsReachThePromptAndToolResultsGoBackIntoTheTemplate() {
        ObjectNode body = request("get_time", 1, false).put("max_tokens", 60);
        ArrayNode messages = body.putArray("messages");
        messages.addObject().put("role", "user").put("content", "Weather in Paris?");
        ObjectNode assistant = messages.addObject().put("role", "assistant");
        assistant.putNull("content");
        assistant.putArray("tool_calls").addObject().put("id", "0").put("type", "function").putObject("function")
                .put("name", "get_weather").put("arguments", "{\"location\":\"Paris\",\"unit\":\"celsius\"}");
        messages.addObject().put("role", "tool").put("tool_call_id", "0").put("content", "sunny, 21 degrees");
        String prompt = http.post("/chat_tokenize", body.toString()).json().get("templated_text").asText();
        assertThat(prompt).contains("sunny, 21 degrees").contains("<|im_start|>tool\n").contains("\"name\":\"get_weather\",\"arguments\"")
                // This model's template does not take tools, so they come as text after the last message (TGI).
                .contains("\n---\n").contains("\"name\":\"get_weather\"").contains("Given the functions available");
        assertValidCall(ok(http.post("/v1/chat/completions", body.toString())).at("/choices/0/message/tool_calls/0"));
    }

    @Test
    void aToolChoiceNamingNoListedToolIsAToolError() {
        Http.Response r = http.post("/v1/chat/completions", request("get_nothing", 1, false).toString());
        assertThat(r.status()).isEqualTo(422);
        assertThat(r.json().get("error_type").asText()).isEqualTo("tool_error");
        assertThat(r.json().get("error").asText()).isEqualTo("Tool error: Tool with name get_nothing not found");
    }

    @Test
    void toolsAndResponseFormatTogetherAreRefused() {
        ObjectNode body = request("required", 1, false);
        body.putObject("response_format").put("type", "json_object");
        Http.Response r = http.post("/v1/chat/completions", body.toString());
        assertThat(r.status()).isEqualTo(422);
        assertThat(r.json().get("error").asText()).isEqualTo("Tool error: Grammar and tools are mutually exclusive");
    }
}
