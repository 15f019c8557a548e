package dev.hearth.api.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.hearth.api.BodyRejection;
import dev.hearth.api.WireJson;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CompletionRequestTest {

    static CompletionRequest read(String json) {
        return WireJson.read(json.getBytes(StandardCharsets.UTF_8), CompletionRequest.class);
    }

    static BodyRejection rejection(String json) {
        return catchThrowableOfType(BodyRejection.class, () -> read(json));
    }

    @Test
    void aStringPromptIsAListOfOne() {
        assertThat(read("{\"prompt\":\"Say this\"}").prompt().prompts()).containsExactly("Say this");
    }

    @Test
    void anArrayPromptKeepsItsOrder() {
        assertThat(read("{\"prompt\":[\"a\",\"b\"]}").prompt().prompts()).containsExactly("a", "b");
    }

    @Test
    void anEmptyPromptArrayIsRefusedWithTgisText() {
        BodyRejection e = rejection("{\"prompt\":[]}");
        assertThat(e.status()).isEqualTo(422);
        assertThat(e.body()).isEqualTo("Failed to deserialize the JSON body into the target type: "
                + "prompt: Empty array detected. Do not use an empty array for the prompt.");
    }

    @Test
    void aPromptOfAnotherShapeIsRefused() {
        assertThat(rejection("{\"prompt\":5}").body())
                .endsWith("prompt: data did not match any variant of untagged enum PromptDeserializer");
        assertThat(rejection("{\"prompt\":[\"a\",1]}").status()).isEqualTo(422);
        assertThat(rejection("{\"prompt\":null}").status()).isEqualTo(422);
        assertThat(rejection("{}").body()).endsWith("missing field `prompt`");
    }

    @Test
    void nullsAreAcceptedForOptionalFieldsAndUnsupportedOnesAreIgnored() {
        CompletionRequest r = read("""
                {"model":null,"prompt":"x","max_tokens":null,"temperature":null,"top_p":null,"seed":null,
                 "suffix":null,"repetition_penalty":null,"frequency_penalty":null,"stop":null,
                 "n":2,"echo":true,"logprobs":3,"best_of":2}""");
        assertThat(r).isEqualTo(CompletionRequest.of(Prompt.of("x")));
    }

    @Test
    void aNullStreamIsRefused() {
        assertThat(rejection("{\"prompt\":\"x\",\"stream\":null}").status()).isEqualTo(422);
    }
}
