package dev.hearth.api.tgi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hearth.api.WireJson;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Serialized shapes, compared with the literal JSON of tgi-api.md §2. */
class TgiWireShapesTest {

    static final Token I = new Token(1, " I", -0.5f, false);
    static final Token AM = new Token(2, " am", -0.1f, false);

    @Test
    void anIntermediateStreamEventWritesNullTextAndDetailsAndOmitsTopTokens() {
        assertThat(WireJson.write(StreamResponse.intermediate(1, I, List.of()))).isEqualTo(
                "{\"index\":1,\"token\":{\"id\":1,\"text\":\" I\",\"logprob\":-0.5,\"special\":false},"
                        + "\"generated_text\":null,\"details\":null}");
    }

    @Test
    void theLastStreamEventCarriesTheTextAndStreamDetails() {
        StreamResponse last = StreamResponse.last(2, AM, List.of(), " I am",
                new StreamDetails(FinishReason.LENGTH, 2, 42L, 5));
        assertThat(WireJson.write(last)).isEqualTo(
                "{\"index\":2,\"token\":{\"id\":2,\"text\":\" am\",\"logprob\":-0.1,\"special\":false},"
                        + "\"generated_text\":\" I am\",\"details\":{\"finish_reason\":\"length\",\"generated_tokens\":2,"
                        + "\"seed\":42,\"input_length\":5}}");
    }

    @Test
    void topTokensAppearInAStreamEventOnlyWhenPresent() {
        assertThat(WireJson.write(StreamResponse.intermediate(1, I, List.of(I, AM))))
                .contains("\"top_tokens\":[{\"id\":1,\"text\":\" I\",\"logprob\":-0.5,\"special\":false},{\"id\":2,");
    }

    @Test
    void aGenerateResponseWithoutDetailsIsJustTheText() {
        assertThat(WireJson.write(new GenerateResponse(" Olivier and I", null)))
                .isEqualTo("{\"generated_text\":\" Olivier and I\"}");
        assertThat(WireJson.write(List.of(new GenerateResponse("x", null)))).isEqualTo("[{\"generated_text\":\"x\"}]");
    }

    @Test
    void detailsOmitEmptyTopTokensAndAbsentBestOfSequencesAndWriteANullSeedAndNanPrefill() {
        Details details = new Details(FinishReason.LENGTH, 10, null, List.of(new PrefillToken(0, "My", Float.NaN)),
                List.of(new Token(123, " Olivier", -0.34f, false)), null, List.of());
        assertThat(WireJson.write(new GenerateResponse(" Olivier", details))).isEqualTo(
                "{\"generated_text\":\" Olivier\",\"details\":{\"finish_reason\":\"length\",\"generated_tokens\":10,"
                        + "\"seed\":null,\"prefill\":[{\"id\":0,\"text\":\"My\",\"logprob\":null}],"
                        + "\"tokens\":[{\"id\":123,\"text\":\" Olivier\",\"logprob\":-0.34,\"special\":false}]}}");
    }

    @Test
    void detailsWithBestOfAndTopTokensWriteBoth() {
        BestOfSequence other = new BestOfSequence("..", FinishReason.EOS_TOKEN, 10, 42L, List.of(), List.of(), List.of());
        Details details = new Details(FinishReason.STOP_SEQUENCE, 1, 7L, List.of(), List.of(I), List.of(other),
                List.of(List.of(I)));
        assertThat(WireJson.write(details)).isEqualTo(
                "{\"finish_reason\":\"stop_sequence\",\"generated_tokens\":1,\"seed\":7,\"prefill\":[],"
                        + "\"tokens\":[{\"id\":1,\"text\":\" I\",\"logprob\":-0.5,\"special\":false}],"
                        + "\"best_of_sequences\":[{\"generated_text\":\"..\",\"finish_reason\":\"eos_token\","
                        + "\"generated_tokens\":10,\"seed\":42,\"prefill\":[],\"tokens\":[]}],"
                        + "\"top_tokens\":[[{\"id\":1,\"text\":\" I\",\"logprob\":-0.5,\"special\":false}]]}");
    }

    @Test
    void aSeedAboveTheSignedRangeIsWrittenUnsigned() {
        assertThat(WireJson.write(new StreamDetails(FinishReason.LENGTH, 1, -1L, 3)))
                .contains("\"seed\":18446744073709551615");
    }

    @Test
    void finishReasonsUseTgiNamesAndOpenAiRewritesOnlyEos() {
        assertThat(WireJson.write(FinishReason.values())).isEqualTo("[\"length\",\"eos_token\",\"stop_sequence\"]");
        assertThat(FinishReason.EOS_TOKEN.openAi()).isEqualTo("stop");
        assertThat(FinishReason.STOP_SEQUENCE.openAi()).isEqualTo("stop_sequence");
        assertThat(FinishReason.LENGTH.openAi()).isEqualTo("length");
    }

    @Test
    void infoEmitsBothInputLimitNamesAndNullsForUnknowns() {
        Info info = Info.of("bigscience/blomm-560m", "e985a63", "text-generation", 128, Limits.of(1024, 2048), "3.3.6");
        assertThat(WireJson.write(info)).isEqualTo(
                "{\"model_id\":\"bigscience/blomm-560m\",\"model_sha\":\"e985a63\",\"model_pipeline_tag\":\"text-generation\","
                        + "\"max_concurrent_requests\":128,\"max_best_of\":2,\"max_stop_sequences\":4,\"max_input_tokens\":1024,"
                        + "\"max_input_length\":1024,\"max_total_tokens\":2048,\"validation_workers\":2,"
                        + "\"max_client_batch_size\":4,\"router\":\"text-generation-router\",\"version\":\"3.3.6\","
                        + "\"sha\":null,\"docker_label\":null}");
    }

    @Test
    void errorBodiesHaveTgisShape() {
        assertThat(WireJson.write(ErrorResponse.overloaded()))
                .isEqualTo("{\"error\":\"Model is overloaded\",\"error_type\":\"overloaded\"}");
        assertThat(WireJson.write(ErrorResponse.incompleteGenerationStream()))
                .isEqualTo("{\"error\":\"Incomplete generation stream\",\"error_type\":\"incomplete_generation_stream\"}");
        assertThat(WireJson.write(ErrorResponse.unhealthy()))
                .isEqualTo("{\"error\":\"unhealthy\",\"error_type\":\"healthcheck\"}");
        assertThat(ErrorResponse.generation("CUDA out of memory"))
                .isEqualTo(new ErrorResponse("Request failed during generation: CUDA out of memory", "generation"));
        assertThat(ErrorResponse.incompleteGeneration().errorType()).isEqualTo("incomplete_generation");
    }

    @Test
    void tokenizeAnswersAreArraysOfSimpleTokens() {
        assertThat(WireJson.write(List.of(new SimpleToken(101, "Hello", 0, 5))))
                .isEqualTo("[{\"id\":101,\"text\":\"Hello\",\"start\":0,\"stop\":5}]");
        assertThat(WireJson.write(new ChatTokenizeResponse(List.of(new SimpleToken(1, "", 0, 0)), "<s>hi")))
                .isEqualTo("{\"tokenize_response\":[{\"id\":1,\"text\":\"\",\"start\":0,\"stop\":0}],\"templated_text\":\"<s>hi\"}");
    }
}
