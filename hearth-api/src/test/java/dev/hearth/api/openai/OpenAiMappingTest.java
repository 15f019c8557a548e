package dev.hearth.api.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.hearth.api.ApiException;
import dev.hearth.api.WireJson;
import dev.hearth.api.tgi.GenerateParameters;
import dev.hearth.api.tgi.GenerateRequest;
import dev.hearth.api.tgi.Limits;
import dev.hearth.api.tgi.Validation;
import dev.hearth.api.tgi.ValidationException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class OpenAiMappingTest {

    static final Limits LIMITS = Limits.of(1024, 2048);

    static ChatRequest chat(String json) {
        return WireJson.read(json.getBytes(StandardCharsets.UTF_8), ChatRequest.class);
    }

    static CompletionRequest completion(String json) {
        return WireJson.read(json.getBytes(StandardCharsets.UTF_8), CompletionRequest.class);
    }

    @Test
    void aChatRequestWithNoOptionsSamplesWithDetails() {
        GenerateParameters p = OpenAiMapping.chatParameters(chat("{\"messages\":[]}"));
        assertThat(p).isEqualTo(GenerateParameters.builder().doSample(true).details(true).build());
    }

    @Test
    void temperatureZeroMeansGreedyWithTheTemperatureUnset() {
        GenerateParameters p = OpenAiMapping.chatParameters(chat("{\"messages\":[],\"temperature\":0}"));
        assertThat(p.doSample()).isFalse();
        assertThat(p.temperature()).isNull();
        assertThat(Validation.validateParameters("x", p, LIMITS, false).doSample()).isFalse();
        assertThat(OpenAiMapping.chatParameters(chat("{\"messages\":[],\"temperature\":-0.0}")).doSample()).isFalse();
    }

    @Test
    void anotherTemperatureSamplesWithIt() {
        GenerateParameters p = OpenAiMapping.chatParameters(chat("{\"messages\":[],\"temperature\":0.7}"));
        assertThat(p.doSample()).isTrue();
        assertThat(p.temperature()).isEqualTo(0.7f);
    }

    @Test
    void presencePenaltyBecomesRepetitionPenaltyPlusTwo() {
        assertThat(OpenAiMapping.chatParameters(chat("{\"messages\":[],\"presence_penalty\":0.5}")).repetitionPenalty())
                .isEqualTo(2.5f);
        GenerateParameters minusTwo = OpenAiMapping.chatParameters(chat("{\"messages\":[],\"presence_penalty\":-2}"));
        assertThat(catchThrowableOfType(ValidationException.class,
                () -> Validation.validateParameters("x", minusTwo, LIMITS, false)))
                .hasMessage("`repetition_penalty` must be strictly positive");
    }

    @Test
    void everyChatOptionLandsOnItsGenerateParameter() {
        GenerateParameters p = OpenAiMapping.chatParameters(chat("""
                {"model":"my-lora","messages":[],"max_tokens":50,"top_p":0.9,"frequency_penalty":0.1,
                 "stop":["\\n"],"seed":7,"top_logprobs":3,"logprobs":true,"n":5,"logit_bias":[1.0],
                 "response_format":{"type":"json","value":{"properties":{}}}}"""));
        assertThat(p.toBuilder().grammar(null).build()).isEqualTo(GenerateParameters.builder().doSample(true)
                .maxNewTokens(50L).topP(0.9f).frequencyPenalty(0.1f).stop(List.of("\n")).seed(7L).topNTokens(3L)
                .details(true).adapterId("my-lora").build());
        assertThat(p.grammar().path("type").textValue()).isEqualTo("json");
    }

    @Test
    void topLogprobsAboveFiveIsRefusedAsTopNTokens() {
        GenerateParameters p = OpenAiMapping.chatParameters(chat("{\"messages\":[],\"top_logprobs\":6}"));
        assertThat(catchThrowableOfType(ValidationException.class,
                () -> Validation.validateParameters("x", p, LIMITS, true)))
                .hasMessage("`top_n_tokens` must be >= 0 and <= 5. Given: 6");
    }

    @Test
    void theModelNameTgiOrNullMeansTheServedModel() {
        assertThat(OpenAiMapping.chatParameters(chat("{\"model\":\"tgi\",\"messages\":[]}")).adapterId()).isNull();
        assertThat(OpenAiMapping.chatModel(chat("{\"model\":\"tgi\",\"messages\":[]}"), "org/m")).isEqualTo("org/m");
        assertThat(OpenAiMapping.chatModel(chat("{\"messages\":[]}"), "org/m")).isEqualTo("org/m");
        assertThat(OpenAiMapping.chatModel(chat("{\"model\":\"dummy\",\"messages\":[]}"), "org/m")).isEqualTo("dummy");
    }

    @Test
    void responseFormatAndToolsTogetherAreAToolError() {
        ApiException e = catchThrowableOfType(ApiException.class, () -> OpenAiMapping.chatParameters(chat("""
                {"messages":[],"response_format":{"type":"regex","value":"a"},
                 "tools":[{"type":"function","function":{"name":"f","arguments":{}}}]}""")));
        assertThat(e.status()).isEqualTo(422);
        assertThat(WireJson.write(e.toErrorResponse())).isEqualTo(
                "{\"error\":\"Tool error: Grammar and tools are mutually exclusive\",\"error_type\":\"tool_error\"}");
    }

    @Test
    void eachCompletionPromptBecomesOneGenerateRequestWithTheSameParameters() {
        List<GenerateRequest> requests = OpenAiMapping.completionRequests(completion("""
                {"model":"tgi","prompt":["a","b"],"max_tokens":10,"temperature":0.5,"top_p":0.9,"seed":1,
                 "repetition_penalty":1.2,"frequency_penalty":0.3,"stop":["."]}"""), LIMITS);
        GenerateParameters expected = GenerateParameters.builder().doSample(true).temperature(0.5f).maxNewTokens(10L)
                .topP(0.9f).seed(1L).repetitionPenalty(1.2f).frequencyPenalty(0.3f).stop(List.of("."))
                .details(true).decoderInputDetails(true).build();
        assertThat(requests).containsExactly(new GenerateRequest("a", expected), new GenerateRequest("b", expected));
    }

    @Test
    void aStreamedCompletionAsksForNoDecoderInputDetailsAndTemperatureZeroIsGreedy() {
        GenerateParameters p = OpenAiMapping.completionRequests(
                completion("{\"prompt\":\"a\",\"stream\":true,\"temperature\":0}"), LIMITS).getFirst().parameters();
        assertThat(p.decoderInputDetails()).isFalse();
        assertThat(p.doSample()).isFalse();
        assertThat(p.temperature()).isNull();
    }

    @Test
    void aSuffixIsRefusedWithTgisSpecialErrorType() {
        ApiException e = catchThrowableOfType(ApiException.class, () -> OpenAiMapping.completionRequests(
                completion("{\"prompt\":\"a\",\"suffix\":\"\"}"), LIMITS));
        assertThat(e.status()).isEqualTo(422);
        assertThat(WireJson.write(e.toErrorResponse())).isEqualTo("{\"error\":\"Suffix is not supported and can be "
                + "achieved by preprocessing the prompt.\",\"error_type\":\"suffix not supported\"}");
    }

    @Test
    void moreThanTheClientBatchSizeOfPromptsIsRefused() {
        assertThat(OpenAiMapping.completionRequests(completion("{\"prompt\":[\"1\",\"2\",\"3\",\"4\"]}"), LIMITS)).hasSize(4);
        ApiException e = catchThrowableOfType(ApiException.class, () -> OpenAiMapping.completionRequests(
                completion("{\"prompt\":[\"1\",\"2\",\"3\",\"4\",\"5\"]}"), LIMITS));
        assertThat(e.status()).isEqualTo(422);
        assertThat(e.toErrorResponse()).isEqualTo(new dev.hearth.api.tgi.ErrorResponse(
                "Number of prompts exceeds the maximum allowed batch size of 4", "batch size exceeded"));
    }

    @Test
    void theSuffixIsCheckedBeforeTheBatchSize() {
        ApiException e = catchThrowableOfType(ApiException.class, () -> OpenAiMapping.completionRequests(
                completion("{\"prompt\":[\"1\",\"2\",\"3\",\"4\",\"5\"],\"suffix\":\"x\"}"), LIMITS));
        assertThat(e.errorType()).isEqualTo("suffix not supported");
    }
}
