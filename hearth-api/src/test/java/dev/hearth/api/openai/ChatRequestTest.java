package dev.hearth.api.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.hearth.api.BodyRejection;
import dev.hearth.api.WireJson;
import dev.hearth.api.tgi.ValidationException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What OpenAI-style clients send to /v1/chat/completions, and how it reads. */
class ChatRequestTest {

    static ChatRequest read(String json) {
        return WireJson.read(json.getBytes(StandardCharsets.UTF_8), ChatRequest.class);
    }

    static BodyRejection rejection(String json) {
        return catchThrowableOfType(BodyRejection.class, () -> read(json));
    }

    @Test
    void huggingfaceHubZeroTwentyFourSendsEveryFieldWithNullsAndThatIsAccepted() {
        ChatRequest r = read("""
                {"model":"tgi","messages":[{"role":"user","content":"What is Deep Learning?"}],
                 "frequency_penalty":null,"logit_bias":null,"logprobs":null,"max_tokens":null,"n":null,
                 "presence_penalty":null,"response_format":null,"seed":null,"stop":null,"stream":false,
                 "stream_options":null,"temperature":null,"tool_choice":null,"tool_prompt":null,"tools":null,
                 "top_logprobs":null,"top_p":null}""");
        assertThat(r.model()).isEqualTo("tgi");
        assertThat(r.messages()).containsExactly(ChatMessage.of("user", "What is Deep Learning?"));
        assertThat(r.stop()).isEmpty();
        assertThat(r.streamOptions()).isEqualTo(StreamOptions.DEFAULT);
        assertThat(r.tools()).isNull();
        assertThat(r.toolChoice()).isNull();
        assertThat(r.responseFormat()).isNull();
        assertThat(r.wantsLogprobs()).isFalse();
    }

    @Test
    void messagesAreRequired() {
        assertThat(rejection("{\"model\":\"x\"}").body())
                .isEqualTo("Failed to deserialize the JSON body into the target type: missing field `messages`");
        assertThat(rejection("{\"messages\":null}").status()).isEqualTo(422);
        assertThat(rejection("{\"messages\":\"hi\"}").status()).isEqualTo(422);
    }

    @Test
    void aNullStreamIsRefusedButAMissingOneIsFalse() {
        assertThat(rejection("{\"messages\":[],\"stream\":null}").body()).endsWith("stream: invalid type: null, expected a boolean");
        assertThat(read("{\"messages\":[]}").stream()).isFalse();
    }

    @Test
    void maxCompletionTokensIsReadAsMaxTokens() {
        assertThat(read("{\"messages\":[],\"max_completion_tokens\":64}").maxTokens()).isEqualTo(64L);
        assertThat(read("{\"messages\":[],\"max_tokens\":32}").maxTokens()).isEqualTo(32L);
    }

    @Test
    void contentMayBeAnArrayOfTextPartsWhichAreConcatenated() {
        ChatRequest r = read("""
                {"messages":[{"role":"user","content":[{"type":"text","text":"Hello "},{"type":"text","text":"world"}],
                  "name":"david"}]}""");
        assertThat(r.messages().getFirst().text()).isEqualTo("Hello world");
        assertThat(r.messages().getFirst().name()).isEqualTo("david");
    }

    @Test
    void anImagePartIsReadButRefusedAsAValidationErrorSinceTheModelIsTextOnly() {
        ChatRequest r = read("""
                {"messages":[{"role":"user","content":[{"type":"text","text":"Whats in this image?"},
                  {"type":"image_url","image_url":{"url":"https://example.com/rabbit.png"}}]}]}""");
        ValidationException e = catchThrowableOfType(ValidationException.class, () -> r.messages().getFirst().text());
        assertThat(e.status()).isEqualTo(422);
        assertThat(e.toErrorResponse().error()).isEqualTo("Input validation error: image modality is not supported");
        assertThat(e.toErrorResponse().errorType()).isEqualTo("validation");
    }

    @Test
    void anUnknownPartTypeIsABodyRejectionAtItsPath() {
        BodyRejection e = rejection("{\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"audio\"}]}]}");
        assertThat(e.status()).isEqualTo(422);
        assertThat(e.body()).isEqualTo("Failed to deserialize the JSON body into the target type: "
                + "messages[0].content[0]: unknown variant `audio`, expected `text` or `image_url`");
    }

    @Test
    void aContentOfTheWrongTypeIsRefused() {
        assertThat(rejection("{\"messages\":[{\"role\":\"user\",\"content\":5}]}").body())
                .endsWith("messages[0].content: invalid type: integer `5`, expected a string or an array of content parts");
    }

    @Test
    void anAssistantToolCallMessageIsToleratedAndRenderedAsItsJson() {
        ChatRequest r = read("""
                {"messages":[{"role":"assistant","content":null,"tool_calls":[{"id":"0","type":"function",
                  "function":{"name":"get_weather","arguments":{"location":"Paris"}}}]}]}""");
        assertThat(r.messages().getFirst().text()).isEqualTo(
                "[{\"id\":\"0\",\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"arguments\":{\"location\":\"Paris\"}}}]");
    }

    @Test
    void aMessageWithNeitherContentNorToolCallsIsRefused() {
        BodyRejection e = rejection("{\"messages\":[{\"role\":\"user\"}]}");
        assertThat(e.status()).isEqualTo(422);
        assertThat(e.body()).contains("messages[0]: data did not match any variant of untagged enum MessageBody");
        assertThat(rejection("{\"messages\":[{\"content\":\"hi\"}]}").body()).endsWith("messages[0]: missing field `role`");
    }

    @Test
    void toolsReadTheirFunctionSchemaUnderEitherName() {
        ChatRequest r = read("""
                {"messages":[],"tools":[{"type":"function","function":{"name":"f","description":"d",
                  "parameters":{"type":"object","properties":{}}}}],"tool_choice":"auto"}""");
        assertThat(r.tools()).hasSize(1);
        assertThat(r.tools().getFirst().function().arguments().path("type").textValue()).isEqualTo("object");
        assertThat(r.toolChoice().textValue()).isEqualTo("auto");
        assertThat(rejection("{\"messages\":[],\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\"}}]}").body())
                .endsWith("tools[0].function: missing field `arguments`");
    }

    @Test
    void toolChoiceAcceptsStringsAndAFunctionObjectOnly() {
        assertThat(read("{\"messages\":[],\"tool_choice\":{\"type\":\"function\",\"function\":{\"name\":\"f\"}}}")
                .toolChoice().path("function").path("name").textValue()).isEqualTo("f");
        assertThat(rejection("{\"messages\":[],\"tool_choice\":5}").body())
                .endsWith("tool_choice: data did not match any variant of untagged enum ToolTypeDeserializer");
    }

    @Test
    void responseFormatMustBeAGrammar() {
        assertThat(read("{\"messages\":[],\"response_format\":{\"type\":\"json_object\",\"value\":{\"properties\":{}}}}")
                .responseFormat()).isNotNull();
        assertThat(rejection("{\"messages\":[],\"response_format\":{\"type\":\"text\"}}").body())
                .contains("response_format: unknown variant `text`");
    }

    @Test
    void streamOptionsIncludeUsageIsRead() {
        assertThat(read("{\"messages\":[],\"stream\":true,\"stream_options\":{\"include_usage\":true}}")
                .streamOptions().includeUsage()).isTrue();
        assertThat(rejection("{\"messages\":[],\"stream_options\":{\"include_usage\":null}}").status()).isEqualTo(422);
    }

    @Test
    void logitBiasAndNAreReadAndIgnored() {
        ChatRequest r = read("{\"messages\":[],\"n\":3,\"logit_bias\":[0.5]}");
        assertThat(r.n()).isEqualTo(3L);
        assertThat(r.logitBias()).containsExactly(0.5f);
    }

    @Test
    void unknownFieldsAreIgnored() {
        assertThat(read("{\"messages\":[],\"user\":\"me\",\"parallel_tool_calls\":true}").messages()).isEmpty();
    }

    @Test
    void aStringForTemperatureIsRefused() {
        assertThat(rejection("{\"messages\":[],\"temperature\":\"0.2\"}").body())
                .endsWith("temperature: invalid type: string \"0.2\", expected f32");
    }

    @Test
    void aMinimalRequestHasNoOptionsSet() {
        ChatRequest r = ChatRequest.of(List.of(ChatMessage.of("user", "hi")));
        assertThat(r.stream()).isFalse();
        assertThat(r.stop()).isEmpty();
        assertThatThrownBy(() -> ChatRequest.of(null)).isInstanceOf(NullPointerException.class);
    }
}
