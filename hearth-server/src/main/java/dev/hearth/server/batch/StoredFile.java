package dev.hearth.server.batch;

/**
 * A file of the Files API, without its content.
 *
 * @param purpose   {@code batch} (uploaded input), {@code batch_output} (a batch's output or error file)
 * @param createdAt Unix seconds
 */
public record StoredFile(String id, String namespace, String filename, String purpose, long bytes, long createdAt) {}
