package dev.hearth.server.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.server.ServerJson;

import java.io.IOException;

/** The Files and Batch objects exactly as OpenAI renders them. */
final class BatchViews {

    private BatchViews() {}

    static ObjectNode file(StoredFile f) {
        ObjectNode o = ServerJson.MAPPER.createObjectNode();
        o.put("id", f.id());
        o.put("object", "file");
        o.put("bytes", f.bytes());
        o.put("created_at", f.createdAt());
        o.put("filename", f.filename());
        o.put("purpose", f.purpose());
        o.put("status", "processed");
        o.putNull("status_details");
        o.putNull("expires_at");
        return o;
    }

    static ObjectNode batch(Batch b) {
        ObjectNode o = ServerJson.MAPPER.createObjectNode();
        o.put("id", b.id());
        o.put("object", "batch");
        o.put("endpoint", b.endpoint());
        o.set("errors", json(b.errors()));
        o.put("input_file_id", b.inputFileId());
        o.put("completion_window", b.completionWindow());
        o.put("status", b.status().wire());
        o.put("output_file_id", b.outputFileId());
        o.put("error_file_id", b.errorFileId());
        o.put("created_at", b.createdAt());
        o.put("in_progress_at", b.inProgressAt());
        o.put("expires_at", b.expiresAt());
        o.put("finalizing_at", b.finalizingAt());
        o.put("completed_at", b.completedAt());
        o.put("failed_at", b.failedAt());
        o.put("expired_at", b.expiredAt());
        o.put("cancelling_at", b.cancellingAt());
        o.put("cancelled_at", b.cancelledAt());
        ObjectNode counts = o.putObject("request_counts");
        counts.put("total", b.total());
        counts.put("completed", b.completed());
        counts.put("failed", b.failed());
        o.set("metadata", json(b.metadata()));
        return o;
    }

    private static JsonNode json(String text) {
        if (text == null) return ServerJson.MAPPER.nullNode();
        try {
            return ServerJson.MAPPER.readTree(text);
        } catch (IOException e) {
            throw new IllegalStateException("stored JSON unreadable", e);
        }
    }
}
