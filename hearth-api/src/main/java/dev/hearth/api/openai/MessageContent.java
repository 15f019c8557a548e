package dev.hearth.api.openai;

import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import dev.hearth.api.json.Serde;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A chat message's {@code content}: a string, or an array of {@link ContentPart}s (TGI's untagged
 * {@code MessageContent}). Exactly one of {@code text} and {@code parts} is non-null.
 */
@com.fasterxml.jackson.databind.annotation.JsonDeserialize(using = MessageContent.Reader.class)
public record MessageContent(String text, List<ContentPart> parts) {

    public MessageContent {
        if ((text == null) == (parts == null)) {
            throw new IllegalArgumentException("content is either a string or an array of parts");
        }
        parts = parts == null ? null : List.copyOf(parts);
    }

    public static MessageContent of(String text) {
        return new MessageContent(text, null);
    }

    public static MessageContent of(List<ContentPart> parts) {
        return new MessageContent(null, parts);
    }

    @JsonValue
    Object wire() {
        return text != null ? text : parts;
    }

    /** Reads a string or an array of parts; anything else is refused like serde's untagged enum. */
    public static final class Reader extends StdDeserializer<MessageContent> {
        public Reader() {
            super(MessageContent.class);
        }

        @Override
        public MessageContent deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            JsonNode node = ctxt.readTree(p);
            if (node.isTextual()) {
                return MessageContent.of(node.textValue());
            }
            if (!node.isArray()) {
                return (MessageContent) ctxt.reportInputMismatch(this,
                        "invalid type: %s, expected a string or an array of content parts", Serde.describe(node));
            }
            List<ContentPart> parts = new ArrayList<>(node.size());
            for (int i = 0; i < node.size(); i++) {
                try {
                    parts.add(ctxt.readTreeAsValue(node.get(i), ContentPart.class));
                } catch (JsonMappingException e) {
                    throw JsonMappingException.wrapWithPath(e, parts, i);
                }
            }
            return MessageContent.of(parts);
        }
    }
}
