package dev.hearth.server.batch;

/**
 * One batch as stored. Times are Unix seconds (null until reached); {@code errors} and {@code metadata} are JSON
 * text or null.
 *
 * @param ownerAdmin whether the token that created it was an administrator's (its lines may then name models of
 *                   every namespace, as that token's requests to the root router may)
 */
public record Batch(String id, String namespace, boolean ownerAdmin, String endpoint, String inputFileId,
                    String completionWindow, BatchStatus status, String outputFileId, String errorFileId, String errors,
                    String metadata, long createdAt, Long inProgressAt, long expiresAt, Long finalizingAt,
                    Long completedAt, Long failedAt, Long expiredAt, Long cancellingAt, Long cancelledAt,
                    int total, int completed, int failed) {}
