package dev.hearth.api.tgi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hearth.api.BodyRejection;
import dev.hearth.api.WireJson;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What clients send to the TGI routes, and how it reads. */
class GenerateRequestTest {

    static <T> T read(String json, Class<T> type) {
        return WireJson.read(json.getBytes(StandardCharsets.UTF_8), type);
    }

    /** huggingface_hub 0.16.4 (pinned by EasyLLM) sends every parameter, unset ones as null. */
    static final String HUB_0_16_PAYLOAD = """
            {"inputs":"My name is Olivier and I","stream":false,"parameters":{"best_of":null,"details":true,
             "do_sample":false,"max_new_tokens":20,"repetition_penalty":null,"return_full_text":false,"seed":null,
             "stop":[],"temperature":null,"top_k":null,"top_p":null,"truncate":null,"typical_p":null,
             "watermark":false,"decoder_input_details":false}}""";

    @Test
    void anOldClientsFullPayloadWithNullsIsAccepted() {
        CompatGenerateRequest r = read(HUB_0_16_PAYLOAD, CompatGenerateRequest.class);
        assertThat(r.stream()).isFalse();
        assertThat(r.parameters()).isEqualTo(GenerateParameters.builder().details(true).maxNewTokens(20L)
                .returnFullText(false).build());
    }

    @Test
    void theSpecExampleWithEveryNullableFieldNullIsAccepted() {
        GenerateRequest r = read("""
                {"inputs":"My name is Olivier and I","parameters":{"best_of":null,"temperature":null,
                 "repetition_penalty":null,"frequency_penalty":null,"top_k":null,"top_p":null,"typical_p":null,
                 "do_sample":false,"max_new_tokens":null,"return_full_text":null,"stop":[],"truncate":null,
                 "watermark":false,"details":false,"decoder_input_details":false,"seed":null,"top_n_tokens":null,
                 "grammar":null,"adapter_id":null},"stream":false}""", GenerateRequest.class);
        assertThat(r.parameters()).isEqualTo(GenerateParameters.builder().build());
    }

    @Test
    void doSampleIsFalseWhenParametersArePresentAndTrueWhenTheyAreOmitted() {
        assertThat(read("{\"inputs\":\"a\",\"parameters\":{}}", GenerateRequest.class).parameters().doSample()).isFalse();
        assertThat(read("{\"inputs\":\"a\",\"parameters\":{\"top_k\":5}}", GenerateRequest.class).parameters().doSample())
                .isFalse();
        assertThat(read("{\"inputs\":\"a\"}", GenerateRequest.class).parameters()).isEqualTo(GenerateParameters.whenOmitted());
        assertThat(GenerateParameters.whenOmitted().doSample()).isTrue();
    }

    @Test
    void aNullStopListReadsAsEmpty() {
        assertThat(read("{\"inputs\":\"a\",\"parameters\":{\"stop\":null}}", GenerateRequest.class).parameters().stop())
                .isEmpty();
    }

    @Test
    void compatStreamDefaultsToFalseAndReadsTrue() {
        assertThat(read("{\"inputs\":\"a\"}", CompatGenerateRequest.class).stream()).isFalse();
        assertThat(read("{\"inputs\":\"a\",\"stream\":true}", CompatGenerateRequest.class).stream()).isTrue();
    }

    @Test
    void theCompatRouteDefaultsReturnFullTextOnlyWhenUnset() {
        CompatGenerateRequest unset = read("{\"inputs\":\"a\",\"parameters\":{}}", CompatGenerateRequest.class);
        assertThat(unset.withDefaultReturnFullText(true).parameters().returnFullText()).isTrue();
        CompatGenerateRequest set = read("{\"inputs\":\"a\",\"parameters\":{\"return_full_text\":false}}",
                CompatGenerateRequest.class);
        assertThat(set.withDefaultReturnFullText(true).parameters().returnFullText()).isFalse();
        assertThat(unset.toGenerateRequest()).isEqualTo(new GenerateRequest("a", unset.parameters()));
    }

    @Test
    void everyParameterReadsUnderItsSnakeCaseName() {
        GenerateParameters p = read("""
                {"inputs":"a","parameters":{"best_of":2,"temperature":0.5,"repetition_penalty":1.1,
                 "frequency_penalty":0.2,"top_k":10,"top_p":0.9,"typical_p":0.8,"do_sample":true,"max_new_tokens":30,
                 "return_full_text":true,"stop":["x"],"truncate":100,"watermark":true,"details":true,
                 "decoder_input_details":true,"seed":42,"top_n_tokens":3,
                 "grammar":{"type":"regex","value":"a+"},"adapter_id":"lora"}}""", GenerateRequest.class).parameters();
        assertThat(p.toBuilder().grammar(null).build()).isEqualTo(new GenerateParameters(2L, 0.5f, 1.1f, 0.2f, 10, 0.9f,
                0.8f, true, 30L, true, List.of("x"), 100L, true, true, true, 42L, 3L, null, "lora"));
        assertThat(p.grammar().path("value").textValue()).isEqualTo("a+");
    }

    @Test
    void aNullGrammarReadsAsNoGrammar() {
        assertThat(read("{\"inputs\":\"a\",\"parameters\":{\"grammar\":null}}", GenerateRequest.class).parameters().grammar())
                .isNull();
    }

    @Test
    void aNullStreamFlagIsRefused() {
        BodyRejection e = org.assertj.core.api.Assertions.catchThrowableOfType(BodyRejection.class,
                () -> read("{\"inputs\":\"a\",\"stream\":null}", CompatGenerateRequest.class));
        assertThat(e.body()).isEqualTo(
                "Failed to deserialize the JSON body into the target type: stream: invalid type: null, expected a boolean");
    }
}
