package dev.hearth.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.client.internal.Http;

import java.net.URI;
import java.util.function.Consumer;

/** OpenAI's cursor pages ({@code {"data": [...], "has_more"}}, the next page {@code ?after=<last id>}), followed to the end. */
final class Pages {

    /** A server that says {@code has_more} for ever must not keep a caller looping: this many pages at most. */
    private static final int MAX_PAGES = 10_000;

    private Pages() {}

    static void each(Http http, URI first, Consumer<JsonNode> item) {
        String after = null;
        for (int page = 0; page < MAX_PAGES; page++) {
            URI uri = after == null ? first : URI.create(first + "?after=" + InferenceEndpoints.segment(after));
            JsonNode j = InferenceEndpoints.tree(http.expectOk(http.request(uri).GET().build()));
            JsonNode data = j.path("data");
            data.forEach(item);
            if (!j.path("has_more").asBoolean(false) || data.isEmpty()) return;
            String last = data.get(data.size() - 1).path("id").asText(null);
            if (last == null || last.equals(after)) return;
            after = last;
        }
    }
}
