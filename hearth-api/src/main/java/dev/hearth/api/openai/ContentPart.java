package dev.hearth.api.openai;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One part of an array {@code content}: {@code {"type":"text","text":...}} or
 * {@code {"type":"image_url","image_url":{"url":...}}}. Any other {@code type} fails
 * deserialization (422), as serde's tagged enum {@code MessageChunk} does. Image parts are read so
 * that the refusal can be a clear validation error, see {@link ChatMessage#text()}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ContentPart(
        @JsonProperty("type") String type,
        @JsonProperty("text") String text,
        @JsonProperty("image_url") ImageUrl imageUrl) {

    public ContentPart {
        if (type == null) throw new IllegalArgumentException("missing field `type`");
        switch (type) {
            case "text" -> {
                if (text == null) throw new IllegalArgumentException("missing field `text`");
            }
            case "image_url" -> {
                if (imageUrl == null) throw new IllegalArgumentException("missing field `image_url`");
            }
            default -> throw new IllegalArgumentException(
                    "unknown variant `" + type + "`, expected `text` or `image_url`");
        }
    }

    public static ContentPart text(String text) {
        return new ContentPart("text", text, null);
    }

    public boolean isText() {
        return type.equals("text");
    }

    /** {@code {"url": ...}}; the URL may be a {@code data:} URL. */
    public record ImageUrl(@JsonProperty("url") String url) {
        public ImageUrl {
            if (url == null) throw new IllegalArgumentException("missing field `url`");
        }
    }
}
