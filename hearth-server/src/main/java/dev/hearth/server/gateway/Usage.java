package dev.hearth.server.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.server.ServerJson;

import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Tokens used, per namespace and model (an endpoint's or a connection's name), read from the {@code usage} object of
 * whole (non-streaming) JSON answers: {@code prompt_tokens} and {@code completion_tokens}, as OpenAI's chat,
 * completion and embedding answers carry them. Streamed answers are not counted (their usage, when a client asks for
 * it with {@code stream_options}, comes in the last event, which is not read). Counts live in memory since the start.
 */
public final class Usage {

    /** One model's counts. */
    public record Counts(long requests, long promptTokens, long completionTokens) {}

    private record Key(String namespace, String model) {}

    private static final class Tally {
        final AtomicLong requests = new AtomicLong();
        final AtomicLong prompt = new AtomicLong();
        final AtomicLong completion = new AtomicLong();
    }

    private final Map<Key, Tally> tallies = new ConcurrentHashMap<>();

    /** Counts the {@code usage} of {@code body}, a whole JSON answer; a body without one counts nothing. */
    void record(String namespace, String model, byte[] body) {
        JsonNode usage;
        try {
            JsonNode json = ServerJson.MAPPER.readTree(body);
            usage = json == null ? null : json.get("usage");
        } catch (IOException notJson) {
            return;
        }
        if (usage == null || !usage.isObject()) return;
        long prompt = Math.max(0, usage.path("prompt_tokens").asLong(0));
        long completion = Math.max(0, usage.path("completion_tokens").asLong(0));
        Tally t = tallies.computeIfAbsent(new Key(namespace, model), k -> new Tally());
        t.requests.incrementAndGet();
        t.prompt.addAndGet(prompt);
        t.completion.addAndGet(completion);
    }

    /** The namespace's counts by model, sorted. */
    public Map<String, Counts> of(String namespace) {
        Map<String, Counts> out = new TreeMap<>();
        tallies.forEach((k, t) -> {
            if (k.namespace().equals(namespace)) {
                out.put(k.model(), new Counts(t.requests.get(), t.prompt.get(), t.completion.get()));
            }
        });
        return out;
    }

    /** {@code hearth_usage_*_tokens_total{namespace,model}} in the Prometheus text format. */
    String text() {
        StringBuilder out = new StringBuilder();
        Map<String, Tally> sorted = new TreeMap<>();
        tallies.forEach((k, t) -> sorted.put("namespace=\"" + escape(k.namespace()) + "\",model=\"" + escape(k.model()) + "\"", t));
        series(out, "hearth_usage_requests_total", sorted, t -> t.requests.get());
        series(out, "hearth_usage_prompt_tokens_total", sorted, t -> t.prompt.get());
        series(out, "hearth_usage_completion_tokens_total", sorted, t -> t.completion.get());
        return out.toString();
    }

    private static void series(StringBuilder out, String name, Map<String, Tally> sorted,
                               java.util.function.ToLongFunction<Tally> value) {
        out.append("# TYPE ").append(name).append(" counter\n");
        sorted.forEach((labels, t) -> out.append(name).append('{').append(labels).append("} ")
                .append(value.applyAsLong(t)).append('\n'));
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
