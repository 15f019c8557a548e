package dev.hearth.client;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;

/**
 * A file on the server, as OpenAI's Files API describes it.
 *
 * @param purpose       {@code batch} for an uploaded input, {@code batch_output} for what a batch wrote
 * @param status        {@code uploaded}, {@code processed} or {@code error}
 * @param statusDetails why the status is {@code error}, else null
 * @param expiresAt     when the server deletes it, or null for never
 */
public record FileObject(String id, long bytes, Instant createdAt, String filename, String purpose, String status,
                         String statusDetails, Instant expiresAt) {

    static FileObject parse(JsonNode f) {
        if (!f.path("id").isTextual()) throw new IllegalStateException("the server's file object lacks \"id\": " + f);
        return new FileObject(f.get("id").asText(), f.path("bytes").asLong(0), Batch.epoch(f.path("created_at")),
                Batch.text(f.path("filename")), Batch.text(f.path("purpose")), Batch.text(f.path("status")),
                Batch.text(f.path("status_details")), Batch.epoch(f.path("expires_at")));
    }
}
