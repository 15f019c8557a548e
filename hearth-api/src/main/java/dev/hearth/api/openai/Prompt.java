package dev.hearth.api.openai;

import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code prompt} of {@code /v1/completions}: a string, or a non-empty array of strings; always
 * held as a list. Invariant: at least one prompt. An empty array fails deserialization (422) with
 * TGI's text.
 */
@JsonDeserialize(using = Prompt.Reader.class)
public record Prompt(List<String> prompts) {

    public Prompt {
        prompts = List.copyOf(prompts);
        if (prompts.isEmpty()) {
            throw new IllegalArgumentException("Empty array detected. Do not use an empty array for the prompt.");
        }
    }

    public static Prompt of(String... prompts) {
        return new Prompt(List.of(prompts));
    }

    @JsonValue
    List<String> wire() {
        return prompts;
    }

    public static final class Reader extends StdDeserializer<Prompt> {
        public Reader() {
            super(Prompt.class);
        }

        @Override
        public Prompt deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            JsonNode node = ctxt.readTree(p);
            if (node.isTextual()) return new Prompt(List.of(node.textValue()));
            if (node.isArray()) {
                List<String> prompts = new ArrayList<>(node.size());
                for (JsonNode element : node) {
                    if (!element.isTextual()) return untagged(ctxt);
                    prompts.add(element.textValue());
                }
                if (prompts.isEmpty()) {
                    return (Prompt) ctxt.reportInputMismatch(this,
                            "Empty array detected. Do not use an empty array for the prompt.");
                }
                return new Prompt(prompts);
            }
            return untagged(ctxt);
        }

        @Override
        public Prompt getNullValue(DeserializationContext ctxt) throws com.fasterxml.jackson.databind.JsonMappingException {
            return untagged(ctxt);
        }

        private Prompt untagged(DeserializationContext ctxt) throws com.fasterxml.jackson.databind.JsonMappingException {
            return (Prompt) ctxt.reportInputMismatch(this,
                    "data did not match any variant of untagged enum PromptDeserializer");
        }
    }
}
