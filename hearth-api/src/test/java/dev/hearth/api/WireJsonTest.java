package dev.hearth.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.hearth.api.tgi.CompatGenerateRequest;
import dev.hearth.api.tgi.GenerateRequest;
import dev.hearth.api.tgi.PrefillToken;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class WireJsonTest {

    static BodyRejection rejection(String body, Class<?> type) {
        return rejection(body.getBytes(StandardCharsets.UTF_8), type);
    }

    static BodyRejection rejection(byte[] body, Class<?> type) {
        return catchThrowableOfType(BodyRejection.class, () -> WireJson.read(body, type));
    }

    static GenerateRequest generate(String body) {
        return WireJson.read(body.getBytes(StandardCharsets.UTF_8), GenerateRequest.class);
    }

    @Test
    void malformedJsonIsA400WithAxumsText() {
        BodyRejection r = rejection("{\"inputs\": ", GenerateRequest.class);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.kind()).isEqualTo(BodyRejection.Kind.MALFORMED_JSON);
        assertThat(r.body()).startsWith("Failed to parse the request body as JSON: ");
    }

    @Test
    void anEmptyBodyIsMalformed() {
        assertThat(rejection("", GenerateRequest.class).status()).isEqualTo(400);
        assertThat(rejection("  \n", GenerateRequest.class).status()).isEqualTo(400);
    }

    @Test
    void trailingCharactersAfterTheValueAreMalformed() {
        assertThat(rejection("{\"inputs\":\"a\"} x", GenerateRequest.class).status()).isEqualTo(400);
        assertThat(rejection("{\"inputs\":\"a\"}{}", GenerateRequest.class).status()).isEqualTo(400);
    }

    @Test
    void invalidUtf8IsA400NeverA500() {
        byte[] body = {'{', '"', 'i', 'n', 'p', 'u', 't', 's', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
        BodyRejection r = rejection(body, GenerateRequest.class);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body()).contains("invalid UTF-8 at byte 11");
    }

    @Test
    void aByteOrderMarkIsMalformedAsInSerde() {
        byte[] body = "\uFEFF{\"inputs\":\"a\"}".getBytes(StandardCharsets.UTF_8);
        assertThat(rejection(body, GenerateRequest.class).status()).isEqualTo(400);
    }

    @Test
    void nestingDeeperThanSerdesRecursionLimitIsMalformed() {
        String deep = "{\"inputs\":\"a\",\"x\":" + "[".repeat(200) + "]".repeat(200) + "}";
        assertThat(rejection(deep, GenerateRequest.class).status()).isEqualTo(400);
    }

    @Test
    void aMissingRequiredFieldIsA422NamingTheField() {
        BodyRejection r = rejection("{\"parameters\":{}}", GenerateRequest.class);
        assertThat(r.status()).isEqualTo(422);
        assertThat(r.body()).isEqualTo("Failed to deserialize the JSON body into the target type: missing field `inputs`");
    }

    @Test
    void aNullForARequiredStringIsA422() {
        assertThat(rejection("{\"inputs\":null}", GenerateRequest.class).status()).isEqualTo(422);
    }

    @Test
    void aBodyThatIsNotAnObjectIsA422() {
        assertThat(rejection("[]", GenerateRequest.class).status()).isEqualTo(422);
        assertThat(rejection("null", GenerateRequest.class).status()).isEqualTo(422);
        assertThat(rejection("\"hi\"", GenerateRequest.class).status()).isEqualTo(422);
    }

    @Test
    void aStringForAFloatIsRefusedWithThePath() {
        BodyRejection r = rejection("{\"inputs\":\"a\",\"parameters\":{\"temperature\":\"0.5\"}}", GenerateRequest.class);
        assertThat(r.status()).isEqualTo(422);
        assertThat(r.body()).isEqualTo("Failed to deserialize the JSON body into the target type: "
                + "parameters.temperature: invalid type: string \"0.5\", expected f32");
    }

    @Test
    void anIntegerForAFloatIsAccepted() {
        assertThat(generate("{\"inputs\":\"a\",\"parameters\":{\"temperature\":1}}").parameters().temperature())
                .isEqualTo(1.0f);
    }

    @Test
    void aFloatForAnIntegerIsRefused() {
        BodyRejection r = rejection("{\"inputs\":\"a\",\"parameters\":{\"top_k\":1.0}}", GenerateRequest.class);
        assertThat(r.status()).isEqualTo(422);
        assertThat(r.body()).endsWith("parameters.top_k: invalid type: floating point `1.0`, expected i32");
        assertThat(rejection("{\"inputs\":\"a\",\"parameters\":{\"max_new_tokens\":20.0}}", GenerateRequest.class)
                .body()).endsWith("parameters.max_new_tokens: invalid type: floating point `20.0`, expected u32");
    }

    @Test
    void aNegativeNumberForAnUnsignedFieldIsRefused() {
        assertThat(rejection("{\"inputs\":\"a\",\"parameters\":{\"max_new_tokens\":-1}}", GenerateRequest.class)
                .body()).endsWith("parameters.max_new_tokens: invalid value: integer `-1`, expected u32");
        assertThat(rejection("{\"inputs\":\"a\",\"parameters\":{\"seed\":-1}}", GenerateRequest.class).status())
                .isEqualTo(422);
    }

    @Test
    void anIntegerTooLargeForItsFieldIsA422() {
        assertThat(rejection("{\"inputs\":\"a\",\"parameters\":{\"top_k\":99999999999}}", GenerateRequest.class)
                .status()).isEqualTo(422);
        assertThat(rejection("{\"inputs\":\"a\",\"parameters\":{\"max_new_tokens\":4294967296}}", GenerateRequest.class)
                .status()).isEqualTo(422);
    }

    @Test
    void aSeedUpToTwoToTheSixtyFourMinusOneIsAccepted() {
        var p = generate("{\"inputs\":\"a\",\"parameters\":{\"seed\":18446744073709551615}}").parameters();
        assertThat(Long.toUnsignedString(p.seed())).isEqualTo("18446744073709551615");
    }

    @Test
    void aNumberOrStringForABooleanIsRefused() {
        assertThat(rejection("{\"inputs\":\"a\",\"parameters\":{\"do_sample\":1}}", GenerateRequest.class).body())
                .endsWith("parameters.do_sample: invalid type: integer `1`, expected a boolean");
        assertThat(rejection("{\"inputs\":\"a\",\"parameters\":{\"details\":\"true\"}}", GenerateRequest.class)
                .status()).isEqualTo(422);
    }

    @Test
    void aNumberOrBooleanForAStringIsRefused() {
        assertThat(rejection("{\"inputs\":5}", GenerateRequest.class).body())
                .endsWith("inputs: invalid type: integer `5`, expected a string");
        assertThat(rejection("{\"inputs\":true}", GenerateRequest.class).status()).isEqualTo(422);
        assertThat(rejection("{\"inputs\":\"a\",\"parameters\":{\"adapter_id\":1}}", GenerateRequest.class)
                .status()).isEqualTo(422);
    }

    @Test
    void aScalarForAnArrayIsRefused() {
        assertThat(rejection("{\"inputs\":\"a\",\"parameters\":{\"stop\":\"\\n\"}}", GenerateRequest.class).body())
                .endsWith("parameters.stop: invalid type: string \"\\n\", expected a sequence");
        assertThat(rejection("{\"inputs\":\"a\",\"parameters\":{\"stop\":\"\"}}", GenerateRequest.class).status())
                .isEqualTo(422);
    }

    @Test
    void aNullStopSequenceElementIsRefused() {
        assertThat(rejection("{\"inputs\":\"a\",\"parameters\":{\"stop\":[null]}}", GenerateRequest.class).status())
                .isEqualTo(422);
    }

    @Test
    void aNullForANonOptionalBooleanIsRefused() {
        for (String field : new String[] {"do_sample", "details", "decoder_input_details", "watermark"}) {
            BodyRejection r = rejection("{\"inputs\":\"a\",\"parameters\":{\"" + field + "\":null}}", GenerateRequest.class);
            assertThat(r.status()).as(field).isEqualTo(422);
            assertThat(r.body()).as(field).contains("parameters." + field + ": invalid type: null");
        }
        assertThat(rejection("{\"inputs\":\"a\",\"stream\":null}", CompatGenerateRequest.class).status()).isEqualTo(422);
    }

    @Test
    void aNullParametersObjectIsRefusedButAMissingOneIsNot() {
        assertThat(rejection("{\"inputs\":\"a\",\"parameters\":null}", GenerateRequest.class).status()).isEqualTo(422);
        assertThat(generate("{\"inputs\":\"a\"}").parameters().doSample()).isTrue();
    }

    @Test
    void unknownFieldsAreIgnoredEverywhere() {
        var r = generate("{\"inputs\":\"a\",\"foo\":1,\"parameters\":{\"bar\":[1,{}],\"top_k\":3}}");
        assertThat(r.parameters().topK()).isEqualTo(3);
    }

    @Test
    void serializationIsCompactAndWritesNanAsNull() {
        assertThat(WireJson.write(new PrefillToken(0, "My", Float.NaN)))
                .isEqualTo("{\"id\":0,\"text\":\"My\",\"logprob\":null}");
        assertThat(WireJson.write(new PrefillToken(1, "a", Float.NEGATIVE_INFINITY)))
                .isEqualTo("{\"id\":1,\"text\":\"a\",\"logprob\":null}");
        assertThat(WireJson.write(new PrefillToken(1, "a", -0.34f)))
                .isEqualTo("{\"id\":1,\"text\":\"a\",\"logprob\":-0.34}");
    }

    @Test
    void theUnsupportedMediaTypeRejectionCarriesAxumsText() {
        BodyRejection r = BodyRejection.unsupportedMediaType();
        assertThat(r.status()).isEqualTo(415);
        assertThat(r.body()).isEqualTo("Expected request with `Content-Type: application/json`");
    }

    @Test
    void newMapperGivesAnIndependentCopy() {
        assertThat(WireJson.newMapper()).isNotSameAs(WireJson.newMapper());
        assertThatThrownBy(() -> WireJson.newMapper().readValue("{\"inputs\":1}", GenerateRequest.class))
                .isInstanceOf(com.fasterxml.jackson.databind.exc.MismatchedInputException.class);
    }
}
