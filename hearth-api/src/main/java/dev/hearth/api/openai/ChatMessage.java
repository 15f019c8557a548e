package dev.hearth.api.openai;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.api.WireJson;
import dev.hearth.api.tgi.ValidationException;
import java.util.stream.Collectors;

/**
 * One entry of {@code messages}: {@code role}, and {@code content} (a string or parts) or
 * {@code tool_calls} (kept as raw JSON: tolerated, passed to the chat template as text). A message
 * with neither fails deserialization (422), as TGI's untagged {@code MessageBody} does; when both
 * are present {@code content} wins. A {@code role: "tool"} message names the call it answers in
 * {@code tool_call_id}; both that and an assistant's {@code tool_calls} reach the chat template.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChatMessage(
        @JsonProperty(value = "role", required = true) @JsonSetter(nulls = Nulls.FAIL) String role,
        @JsonProperty("content") MessageContent content,
        @JsonProperty("name") String name,
        @JsonProperty("tool_calls") JsonNode toolCalls,
        @JsonProperty("tool_call_id") String toolCallId) {

    public ChatMessage {
        if (toolCalls != null && toolCalls.isNull()) toolCalls = null;
        if (content == null && toolCalls == null) {
            throw new IllegalArgumentException(
                    "data did not match any variant of untagged enum MessageBody: expected `content` or `tool_calls`");
        }
    }

    public static ChatMessage of(String role, String content) {
        return new ChatMessage(role, MessageContent.of(content), null, null, null);
    }

    /**
     * The text handed to the chat template: the string content, or the text parts concatenated
     * with nothing between them (as TGI joins them), or for a tool-call message its
     * {@code tool_calls} as compact JSON.
     *
     * @throws ValidationException "image modality is not supported" for an {@code image_url}
     *         part: Hearth serves text models (TGI would paste a markdown image link into the prompt)
     */
    public String text() {
        if (content == null) return WireJson.write(toolCalls);
        if (content.text() != null) return content.text();
        if (content.parts().stream().anyMatch(part -> !part.isText())) {
            throw ValidationException.unsupportedModality("image");
        }
        return content.parts().stream().map(ContentPart::text).collect(Collectors.joining());
    }
}
