package dev.hearth.client;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One line of a batch's output or error file (OpenAI's line format):
 * {@code {"id", "custom_id", "response": {"status_code", "request_id", "body"}, "error": {"code", "message"}}}.
 *
 * @param statusCode the answer's HTTP status, or 0 when the request got no answer (then {@link #error()} says why)
 * @param body       the answer's body (a chat completion, an error object), or null
 * @param errorCode  why the line has no answer, or null
 * @param error      the message that goes with {@code errorCode}, or null
 */
public record BatchResult(String id, String customId, int statusCode, JsonNode body, String errorCode, String error) {

    public BatchResult {
        body = body == null ? null : body.deepCopy();
    }

    @Override
    public JsonNode body() {
        return body == null ? null : body.deepCopy();
    }

    /** True when the request was answered with a 2xx. */
    public boolean succeeded() {
        return statusCode / 100 == 2 && errorCode == null;
    }

    /** The first choice's text: {@code message.content} for chat, {@code text} for completions; null otherwise. */
    public String text() {
        if (body == null) return null;
        JsonNode choice = body.path("choices").path(0);
        JsonNode t = choice.path("message").path("content");
        if (!t.isTextual()) t = choice.path("text");
        return t.isTextual() ? t.asText() : null;
    }

    static BatchResult parse(JsonNode line) {
        JsonNode response = line.path("response");
        JsonNode error = line.path("error");
        JsonNode body = response.path("body");
        return new BatchResult(Batch.text(line.path("id")), Batch.text(line.path("custom_id")),
                response.path("status_code").asInt(0), body.isMissingNode() || body.isNull() ? null : body,
                error.isObject() ? Batch.text(error.path("code")) : null,
                error.isObject() ? Batch.text(error.path("message")) : null);
    }
}
