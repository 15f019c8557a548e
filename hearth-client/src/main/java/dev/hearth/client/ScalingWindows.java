package dev.hearth.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.hearth.client.internal.Json;

import java.util.ArrayList;
import java.util.List;

/** {@code compute.scaling.schedule} on the wire: {@code [{"cron": "0 8 * * MON-FRI", "minReplica": 1}, ...]}. */
final class ScalingWindows {

    private ScalingWindows() {}

    static ArrayNode payload(List<ScalingWindow> windows) {
        ArrayNode a = Json.PLAIN.createArrayNode();
        windows.forEach(w -> a.addObject().put("cron", w.cron()).put("minReplica", w.minReplica()));
        return a;
    }

    /** The windows of an endpoint view; empty when it has none (or the server is not Hearth). */
    static List<ScalingWindow> parse(JsonNode schedule) {
        List<ScalingWindow> out = new ArrayList<>();
        if (!schedule.isArray()) return out;
        for (JsonNode w : schedule) {
            if (w.path("cron").isTextual()) out.add(new ScalingWindow(w.get("cron").asText(), w.path("minReplica").asInt(0)));
        }
        return out;
    }
}
