package dev.hearth.client;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A batch's {@code request_counts}: how many lines it has, and how many have an answer so far.
 *
 * @param completed lines answered with a 2xx
 * @param failed    lines answered with an error (they are in the error file)
 */
public record RequestCounts(int total, int completed, int failed) {

    /** Lines with an answer, good or bad. */
    public int done() {
        return completed + failed;
    }

    static RequestCounts parse(JsonNode n) {
        return new RequestCounts(n.path("total").asInt(0), n.path("completed").asInt(0), n.path("failed").asInt(0));
    }
}
