package dev.hearth.server.batch;

/**
 * One request line of a validated batch.
 *
 * @param line   its 1-based line number in the input file
 * @param target where its {@code body.model} resolved: {@code endpoint:<namespace>/<name>} or
 *               {@code connection:<namespace>/<name>}
 * @param body   the request body, JSON text
 */
public record BatchLine(int line, String customId, String target, String body) {}
