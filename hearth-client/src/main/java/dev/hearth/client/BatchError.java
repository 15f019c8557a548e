package dev.hearth.client;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One of a batch's {@code errors.data}: why its input file was refused.
 *
 * @param code    e.g. {@code invalid_json} or {@code missing_custom_id}, as the server names it
 * @param line    the input file's line (1-based), or null when the error is about the file as a whole
 * @param message what is wrong, for people
 * @param param   the field at fault, or null
 */
public record BatchError(String code, Integer line, String message, String param) {

    static BatchError parse(JsonNode n) {
        return new BatchError(Batch.text(n.path("code")), n.path("line").isIntegralNumber() ? n.get("line").asInt() : null,
                Batch.text(n.path("message")), Batch.text(n.path("param")));
    }

    /** {@code line 3: invalid_json: ...}, as the CLI prints it. */
    @Override
    public String toString() {
        return (line == null ? "" : "line " + line + ": ") + (code == null ? "" : code + ": ") + message;
    }
}
