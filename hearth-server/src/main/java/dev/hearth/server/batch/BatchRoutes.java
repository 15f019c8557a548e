package dev.hearth.server.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.server.ServerJson;
import dev.hearth.server.auth.Principal;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * OpenAI's Batch API: {@code POST /v1/batches}, {@code GET /v1/batches/{id}}, {@code GET /v1/batches} (newest
 * first, {@code limit} and {@code after}), {@code POST /v1/batches/{id}/cancel}. The request is checked here at once
 * (the file exists in the caller's namespace and is a {@code batch} file, the endpoint and window are valid); its
 * lines are validated by the runner, which moves it from {@code validating} on. A batch belongs to its creator's
 * namespace; another namespace's token gets 404.
 */
final class BatchRoutes {

    static final Set<String> ENDPOINTS = Set.of("/v1/chat/completions", "/v1/completions", "/v1/embeddings");
    private static final int MAX_METADATA_KEYS = 16;

    private final ApiAuth auth;
    private final BatchRepository batches;
    private final FileRepository files;
    private final Runnable nudge;
    private final Clock clock;

    BatchRoutes(ApiAuth auth, BatchRepository batches, FileRepository files, Runnable nudge, Clock clock) {
        this.auth = auth;
        this.batches = batches;
        this.files = files;
        this.nudge = nudge;
        this.clock = clock;
    }

    void register(RoutesConfig routes) {
        routes.post("/v1/batches", this::create);
        routes.get("/v1/batches", this::list);
        routes.get("/v1/batches/{id}", ctx -> ctx.json(BatchViews.batch(find(auth.principal(ctx), ctx.pathParam("id")))));
        routes.post("/v1/batches/{id}/cancel", this::cancel);
    }

    private void create(Context ctx) {
        Principal p = auth.principal(ctx);
        JsonNode body;
        try {
            body = ServerJson.MAPPER.readTree(ctx.bodyAsBytes());
        } catch (IOException e) {
            body = null;
        }
        if (!(body instanceof ObjectNode req)) throw BatchApiException.invalid("The request body is not a JSON object.", null);
        String inputFileId = text(req, "input_file_id");
        String endpoint = text(req, "endpoint");
        String window = text(req, "completion_window");
        if (!ENDPOINTS.contains(endpoint)) {
            throw BatchApiException.invalid("endpoint must be one of /v1/chat/completions, /v1/completions, /v1/embeddings, not '"
                    + FileRoutes.abbreviate(endpoint) + "'.", "endpoint");
        }
        Duration duration = CompletionWindow.parse(window);
        String metadata = metadata(req.get("metadata"));
        StoredFile file = files.find(p.namespace(), inputFileId)
                .orElseThrow(() -> BatchApiException.notFound("No such File object: " + FileRoutes.abbreviate(inputFileId)));
        if (!file.purpose().equals("batch")) {
            throw BatchApiException.invalid("The file " + file.id() + " has purpose '" + file.purpose()
                    + "'; a batch's input file must have purpose 'batch'.", "input_file_id");
        }
        long now = clock.instant().getEpochSecond();
        Batch b = new Batch(BatchOutput.id("batch_"), p.namespace(), p.admin(), endpoint, file.id(), window,
                BatchStatus.VALIDATING, null, null, null, metadata, now, null, now + duration.toSeconds(), null, null, null,
                null, null, null, 0, 0, 0);
        batches.insert(b);
        nudge.run();
        ctx.json(BatchViews.batch(b));
    }

    private void list(Context ctx) {
        Principal p = auth.principal(ctx);
        int limit = 20;
        String given = ctx.queryParam("limit");
        if (given != null) {
            try {
                limit = Integer.parseInt(given);
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 1 || limit > 100) throw BatchApiException.invalid("limit must be a number from 1 to 100.", "limit");
        }
        String afterId = ctx.queryParam("after");
        Batch after = afterId == null ? null : find(p, afterId);
        List<Batch> page = batches.list(p.namespace(), limit + 1, after);
        boolean more = page.size() > limit;
        if (more) page = page.subList(0, limit);
        ObjectNode list = ServerJson.MAPPER.createObjectNode();
        list.put("object", "list");
        ArrayNode data = list.putArray("data");
        page.forEach(b -> data.add(BatchViews.batch(b)));
        list.put("first_id", page.isEmpty() ? null : page.getFirst().id());
        list.put("last_id", page.isEmpty() ? null : page.getLast().id());
        list.put("has_more", more);
        ctx.json(list);
    }

    private void cancel(Context ctx) {
        Principal p = auth.principal(ctx);
        Batch b = find(p, ctx.pathParam("id"));
        if (!batches.cancel(p.namespace(), b.id(), clock.instant().getEpochSecond())) {
            Batch now = find(p, b.id());
            if (now.status() != BatchStatus.CANCELLING && now.status() != BatchStatus.CANCELLED) {
                throw new BatchApiException(409, "Cannot cancel a batch with status '" + now.status().wire() + "'.",
                        "invalid_request_error", null, "batch_not_cancellable");
            }
        }
        nudge.run();
        ctx.json(BatchViews.batch(find(p, b.id())));
    }

    private Batch find(Principal p, String id) {
        return batches.find(p.namespace(), id)
                .orElseThrow(() -> BatchApiException.notFound("No batch found with id '" + FileRoutes.abbreviate(id) + "'."));
    }

    private static String text(ObjectNode req, String field) {
        JsonNode v = req.get(field);
        if (v == null || v.isNull()) throw BatchApiException.invalid("Missing required parameter: '" + field + "'.", field);
        if (!v.isTextual()) throw BatchApiException.invalid("'" + field + "' must be a string.", field);
        return v.asText();
    }

    /** OpenAI's rule: at most 16 pairs, keys up to 64 characters, string values up to 512. */
    private static String metadata(JsonNode m) {
        if (m == null || m.isNull()) return null;
        if (!(m instanceof ObjectNode o) || o.size() > MAX_METADATA_KEYS) {
            throw BatchApiException.invalid("metadata must be an object of at most 16 string values.", "metadata");
        }
        for (Map.Entry<String, JsonNode> e : o.properties()) {
            if (e.getKey().length() > 64 || !e.getValue().isTextual() || e.getValue().asText().length() > 512) {
                throw BatchApiException.invalid("metadata keys are at most 64 characters and values strings of at most 512.",
                        "metadata");
            }
        }
        return o.toString();
    }
}
