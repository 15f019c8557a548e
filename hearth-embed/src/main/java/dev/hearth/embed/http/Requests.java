package dev.hearth.embed.http;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.api.BodyRejection;
import dev.hearth.embed.engine.Tokens;

/**
 * Request bodies of the TEI routes and of OpenAI's embeddings route ({@code router/src/http/types.rs}). Fields
 * TEI defaults are boxed: {@code null} or missing means "take the default". {@code inputs} stays a tree because
 * it is an untagged union that {@link Inputs} reads.
 */
final class Requests {

    private Requests() {}

    record Embed(
            @JsonProperty("inputs") JsonNode inputs,
            @JsonProperty("truncate") Boolean truncate,
            @JsonProperty("truncation_direction") String truncationDirection,
            @JsonProperty("prompt_name") String promptName,
            @JsonProperty("normalize") Boolean normalize,
            @JsonProperty("dimensions") Integer dimensions,
            // EasyLLM and the legacy Inference API send the task in the body; see EmbedRoutes#root.
            @JsonProperty("task") JsonNode task) {}

    record OpenAiEmbed(
            @JsonProperty("input") JsonNode input,
            @JsonProperty("model") String model,
            @JsonProperty("user") String user,
            @JsonProperty("encoding_format") String encodingFormat,
            @JsonProperty("dimensions") Integer dimensions) {}

    record Tokenize(
            @JsonProperty("inputs") JsonNode inputs,
            @JsonProperty("add_special_tokens") Boolean addSpecialTokens,
            @JsonProperty("prompt_name") String promptName) {}

    record Decode(
            @JsonProperty("ids") JsonNode ids,
            @JsonProperty("skip_special_tokens") Boolean skipSpecialTokens) {}

    /** TEI's {@code TruncationDirection}: {@code Left}/{@code Right} with lowercase aliases; default right. */
    static Tokens.Side side(String direction) {
        if (direction == null) return Tokens.Side.RIGHT;
        return switch (direction) {
            case "Left", "left" -> Tokens.Side.LEFT;
            case "Right", "right" -> Tokens.Side.RIGHT;
            default -> throw BodyRejection.invalid("truncation_direction: unknown variant `" + direction
                    + "`, expected one of `Left`, `left`, `Right`, `right`", null);
        };
    }

    /** A required union field; serde reports a missing one as "missing field `name`". */
    static JsonNode required(JsonNode node, String name) {
        if (node == null || node.isMissingNode()) throw BodyRejection.invalid("missing field `" + name + "`", null);
        return node;
    }
}
