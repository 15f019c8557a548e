package dev.hearth.client;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A batch as the server last described it (OpenAI's batch object). Times are null until the batch reaches them.
 *
 * @param endpoint     the route every line goes to, e.g. {@code /v1/chat/completions}
 * @param outputFileId the answered lines, once finalized (null before, and when no line succeeded)
 * @param errorFileId  the lines that failed, once finalized (null when none did)
 * @param errors       why the input file was refused ({@link BatchStatus#FAILED}); empty otherwise
 * @param raw          the whole answer; {@link #raw()} returns a copy, so this record stays immutable
 */
public record Batch(
        String id,
        String endpoint,
        String inputFileId,
        String completionWindow,
        BatchStatus status,
        String outputFileId,
        String errorFileId,
        RequestCounts requestCounts,
        List<BatchError> errors,
        Map<String, String> metadata,
        Instant createdAt,
        Instant inProgressAt,
        Instant expiresAt,
        Instant finalizingAt,
        Instant completedAt,
        Instant failedAt,
        Instant expiredAt,
        Instant cancellingAt,
        Instant cancelledAt,
        JsonNode raw) {

    public Batch {
        errors = List.copyOf(errors);
        metadata = Map.copyOf(metadata);
        raw = raw.deepCopy();
    }

    @Override
    public JsonNode raw() {
        return raw.deepCopy();
    }

    /** {@code in_progress 12/200 (1 failed)}: one line for progress reports. */
    public String progress() {
        RequestCounts c = requestCounts;
        return status.wire() + " " + c.done() + "/" + c.total() + (c.failed() > 0 ? " (" + c.failed() + " failed)" : "");
    }

    /** Reads a batch object, as the server sends it. */
    public static Batch parse(JsonNode b) {
        if (!b.path("id").isTextual() || !b.path("status").isTextual()) {
            throw new IllegalStateException("the server's batch object lacks \"id\" or \"status\": " + b);
        }
        List<BatchError> errors = new ArrayList<>();
        b.path("errors").path("data").forEach(e -> errors.add(BatchError.parse(e)));
        Map<String, String> metadata = new LinkedHashMap<>();
        b.path("metadata").properties().forEach(e -> metadata.put(e.getKey(), e.getValue().asText()));
        return new Batch(b.get("id").asText(), text(b.path("endpoint")), text(b.path("input_file_id")),
                text(b.path("completion_window")), BatchStatus.fromWire(b.get("status").asText()),
                text(b.path("output_file_id")), text(b.path("error_file_id")), RequestCounts.parse(b.path("request_counts")),
                errors, metadata, epoch(b.path("created_at")), epoch(b.path("in_progress_at")), epoch(b.path("expires_at")),
                epoch(b.path("finalizing_at")), epoch(b.path("completed_at")), epoch(b.path("failed_at")),
                epoch(b.path("expired_at")), epoch(b.path("cancelling_at")), epoch(b.path("cancelled_at")), b);
    }

    static String text(JsonNode n) {
        return n.isTextual() ? n.asText() : null;
    }

    /** OpenAI's times are Unix seconds. */
    static Instant epoch(JsonNode n) {
        return n.isNumber() ? Instant.ofEpochSecond(n.asLong()) : null;
    }
}
