package dev.hearth.server.batch;

/** A line with its recorded answer; {@code statusCode} null when it never ran (the batch expired or was cancelled). */
public record LineResult(int line, String customId, Integer statusCode, String requestId, String response) {}
