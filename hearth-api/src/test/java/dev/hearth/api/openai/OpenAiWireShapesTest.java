package dev.hearth.api.openai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hearth.api.WireJson;
import dev.hearth.api.tgi.FinishReason;
import dev.hearth.api.tgi.Token;
import dev.hearth.api.tgi.ValidationException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Serialized shapes, compared with the literal JSON of tgi-api.md §3. */
class OpenAiWireShapesTest {

    @Test
    void aChatTokenChunkMatchesTheSpecExample() {
        assertThat(WireJson.write(ChatCompletionChunk.token("tgi", "3.3.6", 1706270978, ChatDelta.content("Deep"), null, null)))
                .isEqualTo("{\"object\":\"chat.completion.chunk\",\"id\":\"\",\"created\":1706270978,\"model\":\"tgi\","
                        + "\"system_fingerprint\":\"3.3.6-native\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\","
                        + "\"content\":\"Deep\"},\"logprobs\":null,\"finish_reason\":null}],\"usage\":null}");
    }

    @Test
    void theLastChatChunkCarriesAnEmptyContentAndTheFinishReason() {
        assertThat(WireJson.write(ChatCompletionChunk.token("tgi", "3.3.6", 1706270979, ChatDelta.content(""), null,
                FinishReason.EOS_TOKEN.openAi())))
                .isEqualTo("{\"object\":\"chat.completion.chunk\",\"id\":\"\",\"created\":1706270979,\"model\":\"tgi\","
                        + "\"system_fingerprint\":\"3.3.6-native\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\","
                        + "\"content\":\"\"},\"logprobs\":null,\"finish_reason\":\"stop\"}],\"usage\":null}");
    }

    @Test
    void theIncludeUsageChunkHasNoChoices() {
        assertThat(WireJson.write(ChatCompletionChunk.usage("m", "1.0", 5, Usage.of(3, 2))))
                .isEqualTo("{\"object\":\"chat.completion.chunk\",\"id\":\"\",\"created\":5,\"model\":\"m\","
                        + "\"system_fingerprint\":\"1.0-native\",\"choices\":[],"
                        + "\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":2,\"total_tokens\":5}}");
    }

    @Test
    void aChunkWithLogprobsUsesOpenAisShape() {
        ChatLogprobs lp = ChatLogprobs.of(new Token(1, "Deep", -0.25f, false), List.of(new Token(1, "Deep", -0.25f, false),
                new Token(2, "Wide", -2.5f, false)));
        assertThat(WireJson.write(lp)).isEqualTo("{\"content\":[{\"token\":\"Deep\",\"logprob\":-0.25,\"top_logprobs\":["
                + "{\"token\":\"Deep\",\"logprob\":-0.25},{\"token\":\"Wide\",\"logprob\":-2.5}]}]}");
    }

    @Test
    void wholeAnswerLogprobsPairTokensWithTheirTopTokensAndToleratesMissingOnes() {
        Token a = new Token(1, "a", -1f, false);
        Token b = new Token(2, "b", Float.NaN, false);
        assertThat(WireJson.write(ChatLogprobs.of(List.of(a, b), List.of(List.of(a)))))
                .isEqualTo("{\"content\":[{\"token\":\"a\",\"logprob\":-1.0,\"top_logprobs\":[{\"token\":\"a\",\"logprob\":-1.0}]},"
                        + "{\"token\":\"b\",\"logprob\":null,\"top_logprobs\":[]}]}");
    }

    @Test
    void aChatCompletionMatchesTheSpecExample() {
        ChatCompletion c = ChatCompletion.of("tgi", "3.3.6", 1706270835, AssistantMessage.text("Deep learning is ..."),
                null, "stop", Usage.of(30, 20));
        assertThat(WireJson.write(c)).isEqualTo("{\"object\":\"chat.completion\",\"id\":\"\",\"created\":1706270835,"
                + "\"model\":\"tgi\",\"system_fingerprint\":\"3.3.6-native\",\"choices\":[{\"index\":0,\"message\":"
                + "{\"role\":\"assistant\",\"content\":\"Deep learning is ...\"},\"logprobs\":null,\"finish_reason\":\"stop\"}],"
                + "\"usage\":{\"prompt_tokens\":30,\"completion_tokens\":20,\"total_tokens\":50}}");
    }

    @Test
    void aToolCallMessageWritesArgumentsAsJsonText() {
        AssistantMessage m = AssistantMessage.toolCalls(List.of(ToolCall.function("0", "get_weather", "{\"location\":\"Paris\"}")));
        assertThat(WireJson.write(m)).isEqualTo("{\"role\":\"assistant\",\"tool_calls\":[{\"id\":\"0\",\"type\":\"function\","
                + "\"function\":{\"description\":null,\"name\":\"get_weather\",\"arguments\":\"{\\\"location\\\":\\\"Paris\\\"}\"}}]}");
    }

    @Test
    void aToolCallDeltaKeepsTheAssistantRole() {
        ChatDelta d = ChatDelta.toolCall(new ChatDelta.ToolCallDelta(0, "0", "function",
                new ChatDelta.ToolCallDelta.Function(null, "{\"loc")));
        assertThat(WireJson.write(d)).isEqualTo("{\"role\":\"assistant\",\"tool_calls\":[{\"index\":0,\"id\":\"0\","
                + "\"type\":\"function\",\"function\":{\"name\":null,\"arguments\":\"{\\\"loc\"}}]}");
    }

    @Test
    void aCompletionMatchesTheSpecExample() {
        Completion c = Completion.of("org/m", "3.3.6", 1706270835, List.of(CompletionChoice.of(0, "...", "length")),
                Usage.of(5, 10));
        assertThat(WireJson.write(c)).isEqualTo("{\"object\":\"text_completion\",\"id\":\"\",\"created\":1706270835,"
                + "\"model\":\"org/m\",\"system_fingerprint\":\"3.3.6-native\",\"choices\":[{\"index\":0,\"text\":\"...\","
                + "\"logprobs\":null,\"finish_reason\":\"length\"}],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":10,"
                + "\"total_tokens\":15}}");
    }

    @Test
    void anIntermediateCompletionChunkHasAnEmptyFinishReasonAndNoUsage() {
        assertThat(WireJson.write(CompletionChunk.token("org/m", "3.3.6", 7, 1, " the")))
                .isEqualTo("{\"object\":\"text_completion\",\"id\":\"\",\"created\":7,\"choices\":[{\"index\":1,"
                        + "\"text\":\" the\",\"logprobs\":null,\"finish_reason\":\"\"}],\"model\":\"org/m\","
                        + "\"system_fingerprint\":\"3.3.6-native\"}");
    }

    @Test
    void theModelListNamesTheServedModelOnly() {
        assertThat(WireJson.write(ModelList.single("org/m"))).isEqualTo(
                "{\"object\":\"list\",\"data\":[{\"id\":\"org/m\",\"object\":\"model\",\"created\":0,\"owned_by\":\"org/m\"}]}");
    }

    @Test
    void aMidStreamErrorUsesTheNestedShapeWithStatus422() {
        assertThat(WireJson.write(OpenAiErrorEvent.of(ValidationException.topP())))
                .isEqualTo("{\"error\":{\"message\":\"Input validation error: `top_p` must be > 0.0 and < 1.0\","
                        + "\"http_status_code\":422}}");
    }

    @Test
    void theSystemFingerprintIsVersionDashNative() {
        assertThat(SystemFingerprint.of("0.1.0")).isEqualTo("0.1.0-native");
        assertThat(SystemFingerprint.of("3.3.6", "sha-abc")).isEqualTo("3.3.6-sha-abc");
    }
}
