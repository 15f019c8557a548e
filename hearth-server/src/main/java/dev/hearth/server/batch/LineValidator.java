package dev.hearth.server.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a batch's input file, line by line, as OpenAI does: each non-blank line is a JSON object with a unique
 * {@code custom_id}, {@code "method": "POST"}, the batch's {@code url}, and a {@code body} object whose {@code model}
 * the batch's owner may call. Every problem is reported with its 1-based line number (up to {@link #MAX_ERRORS});
 * one problem fails the whole batch, as OpenAI's validation does.
 */
public final class LineValidator {

    /** As OpenAI: at most this many requests in one batch. */
    public static final int MAX_LINES = 50_000;
    static final int MAX_ERRORS = 100;

    /** One problem: OpenAI's {@code errors.data[]} entry. */
    public record Problem(String code, String message, String param, Integer line) {}

    /** The lines when there is no problem; else the problems. */
    public record Result(List<BatchLine> lines, List<Problem> problems) {
        public boolean valid() {
            return problems.isEmpty();
        }
    }

    /** Where a model name goes for the batch's owner: a target, or why it cannot be called. */
    @FunctionalInterface
    public interface ModelResolver {
        Resolution resolve(String model);
    }

    /** Exactly one of {@code target} and {@code problem} is set. */
    public record Resolution(String target, String problem) {
        public static Resolution to(String target) { return new Resolution(target, null); }
        public static Resolution refused(String problem) { return new Resolution(null, problem); }
    }

    private final ObjectMapper json;

    public LineValidator(ObjectMapper json) {
        this.json = json;
    }

    public Result validate(byte[] content, String endpoint, ModelResolver models) {
        List<BatchLine> lines = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        Set<String> customIds = new HashSet<>();
        Map<String, Resolution> resolved = new HashMap<>();
        BufferedReader reader = new BufferedReader(new InputStreamReader(new ByteArrayInputStream(content), StandardCharsets.UTF_8));
        int number = 0;
        while (problems.size() < MAX_ERRORS) {
            String text = nextLine(reader);
            if (text == null) break;
            number++;
            text = text.strip();
            if (text.isEmpty()) continue;
            if (lines.size() + problems.size() >= MAX_LINES) {
                problems.add(new Problem("too_many_requests", "The file has more than " + MAX_LINES
                        + " requests; a batch holds at most " + MAX_LINES + ".", null, number));
                break;
            }
            Problem problem = check(text, number, endpoint, customIds, resolved, models, lines, json);
            if (problem != null) problems.add(problem);
        }
        if (problems.isEmpty() && lines.isEmpty()) {
            problems.add(new Problem("empty_file", "The input file holds no requests.", null, null));
        }
        return new Result(problems.isEmpty() ? List.copyOf(lines) : List.of(), List.copyOf(problems));
    }

    private static String nextLine(BufferedReader reader) {
        try {
            return reader.readLine();
        } catch (IOException impossible) { // read from memory
            throw new UncheckedIOException(impossible);
        }
    }

    /** The line's first problem; null, with the line added to {@code lines}, when it has none. */
    private static Problem check(String text, int number, String endpoint, Set<String> customIds,
                                 Map<String, Resolution> resolved, ModelResolver models, List<BatchLine> lines,
                                 ObjectMapper json) {
        JsonNode node;
        try {
            node = json.readTree(text);
        } catch (IOException e) {
            return new Problem("invalid_json_line", "This line is not valid JSON.", null, number);
        }
        if (!(node instanceof ObjectNode line)) {
            return new Problem("invalid_json_line", "This line is not a JSON object.", null, number);
        }
        JsonNode customId = line.get("custom_id");
        if (customId == null || !customId.isTextual() || customId.asText().isEmpty()) {
            return new Problem("missing_required_parameter", "The line has no custom_id (a non-empty string).", "custom_id",
                    number);
        }
        if (!customIds.add(customId.asText())) {
            return new Problem("duplicate_custom_id", "The custom_id '" + customId.asText() + "' is used by an earlier line; "
                    + "each line needs its own.", "custom_id", number);
        }
        JsonNode method = line.get("method");
        if (method == null || !"POST".equals(method.asText())) {
            return new Problem("invalid_method", "The method must be POST, not "
                    + (method == null ? "missing" : "'" + method.asText() + "'") + ".", "method", number);
        }
        JsonNode url = line.get("url");
        if (url == null || !endpoint.equals(url.asText())) {
            return new Problem("mismatched_endpoint", "The url " + (url == null ? "is missing" : "'" + url.asText() + "' differs from")
                    + (url == null ? "; it must be " : " ") + "the batch's endpoint '" + endpoint + "'.", "url", number);
        }
        JsonNode body = line.get("body");
        if (!(body instanceof ObjectNode bodyObject)) {
            return new Problem("invalid_body", "The body must be a JSON object.", "body", number);
        }
        JsonNode model = bodyObject.get("model");
        if (model == null || !model.isTextual() || model.asText().isBlank()) {
            return new Problem("missing_required_parameter", "The body has no model.", "body.model", number);
        }
        Resolution r = resolved.computeIfAbsent(model.asText(), models::resolve);
        if (r.problem() != null) return new Problem("model_not_found", r.problem(), "body.model", number);
        if (bodyObject.path("stream").asBoolean(false)) {
            return new Problem("invalid_body", "A batch request cannot stream; leave out stream or set it to false.",
                    "body.stream", number);
        }
        lines.add(new BatchLine(number, customId.asText(), r.target(), bodyObject.toString()));
        return null;
    }
}
