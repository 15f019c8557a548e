package dev.hearth.server.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * TGI's grammar, OpenAI's response_format and tools pass through the gateway untouched to a real worker process, and
 * the answers (tool calls included, streamed or not) come back as the worker wrote them.
 */
class StructuredThroughGatewayTest extends ControlPlaneTest {

    static final String TOOLS = """
            [{"type":"function","function":{"name":"get_weather",
              "parameters":{"type":"object","properties":{"unit":{"enum":["celsius","fahrenheit"]}},"required":["unit"]}}}]""";

    @Test
    void grammarResponseFormatAndToolsWorkThroughTheGateway() throws Exception {
        assertThat(api.post("/v2/endpoint/alice", ControlPlane.createBody("structured", model, 1, 1, "protected")).status())
                .isEqualTo(202);
        EndpointLifecycleTestSupport.waitUntilRunning(api, "structured");
        String url = api.get("/v2/endpoint/alice/structured").json().path("status").path("url").asText();

        ControlPlane.Response regex = api.post(url + "/generate",
                "{\"inputs\":\"answer\",\"parameters\":{\"max_new_tokens\":20,\"grammar\":{\"type\":\"regex\",\"value\":\"(yes|no)\"}}}");
        assertThat(regex.status()).as(regex.body()).isEqualTo(200);
        assertThat(regex.json().get("generated_text").asText()).isIn("yes", "no");

        ControlPlane.Response json = api.post(url + "/v1/chat/completions", """
                {"max_tokens":60,"messages":[{"role":"user","content":"hi"}],
                 "response_format":{"type":"json_schema","json_schema":{"name":"flag","schema":
                   {"type":"object","properties":{"ok":{"type":"boolean"}},"required":["ok"],"additionalProperties":false}}}}""");
        assertThat(json.status()).as(json.body()).isEqualTo(200);
        JsonNode content = ControlPlane.JSON.readTree(json.json().at("/choices/0/message/content").asText());
        assertThat(content.get("ok").isBoolean()).isTrue();

        String tools = "{\"max_tokens\":60,\"seed\":7,\"tool_choice\":\"required\",\"tool_prompt\":\"Call the tool.\",\"messages\":[{\"role\":\"user\",\"content\":\"weather?\"}],"
                + "\"tools\":" + TOOLS + "%s}";
        ControlPlane.Response call = api.post(url + "/v1/chat/completions", tools.formatted(""));
        assertThat(call.status()).as(call.body()).isEqualTo(200);
        JsonNode toolCall = call.json().at("/choices/0/message/tool_calls/0");
        assertThat(call.json().at("/choices/0/finish_reason").asText()).isEqualTo("tool_calls");
        assertThat(toolCall.at("/function/name").asText()).isEqualTo("get_weather");
        String arguments = toolCall.at("/function/arguments").asText();
        assertThat(ControlPlane.JSON.readTree(arguments).get("unit").asText()).isIn("celsius", "fahrenheit");

        ControlPlane.Response stream = api.post(url + "/v1/chat/completions", tools.formatted(",\"stream\":true"));
        assertThat(stream.status()).as(stream.body()).isEqualTo(200);
        StringBuilder streamed = new StringBuilder();
        List<String> names = new ArrayList<>();
        for (String line : stream.body().split("\n")) {
            if (!line.startsWith("data:") || line.contains("[DONE]")) continue;
            JsonNode delta = ControlPlane.JSON.readTree(line.substring(5).strip()).at("/choices/0/delta/tool_calls/0/function");
            if (delta.hasNonNull("name")) names.add(delta.get("name").asText());
            streamed.append(delta.path("arguments").asText());
        }
        assertThat(names).containsExactly("get_weather");
        assertThat(streamed.toString()).isEqualTo(arguments);
    }
}
