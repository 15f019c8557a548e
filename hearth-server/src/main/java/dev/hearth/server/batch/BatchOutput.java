package dev.hearth.server.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.server.ServerJson;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;

/**
 * A finished batch's output and error files in OpenAI's line format
 * {@code {"id":"batch_req_...","custom_id","response":{"status_code","request_id","body"},"error":null}}: answered
 * lines with a 2xx status go to the output file, the others to the error file with their status and error body;
 * lines never answered (the batch expired or was cancelled) go to the error file with {@code "response": null} and
 * {@code error.code} {@code batch_expired} or {@code batch_cancelled}. Lines keep their input order.
 */
final class BatchOutput {

    private static final SecureRandom RANDOM = new SecureRandom();

    /** The files to write; a file is null when no line belongs in it. */
    record Files(StoredFile output, byte[] outputContent, StoredFile errors, byte[] errorContent) {}

    private final Clock clock;

    BatchOutput(Clock clock) {
        this.clock = clock;
    }

    Files files(Batch b, BatchStatus to, List<LineResult> results) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        for (LineResult r : results) {
            ObjectNode line = ServerJson.MAPPER.createObjectNode();
            line.put("id", "batch_req_" + lineId(b.id(), r.line()));
            line.put("custom_id", r.customId());
            if (r.statusCode() == null) {
                line.putNull("response");
                ObjectNode error = line.putObject("error");
                boolean cancelled = to == BatchStatus.CANCELLED;
                error.put("code", cancelled ? "batch_cancelled" : "batch_expired");
                error.put("message", cancelled ? "This request was not executed because the batch was cancelled."
                        : "This request could not be executed before the completion window expired.");
                write(err, line);
                continue;
            }
            ObjectNode response = line.putObject("response");
            response.put("status_code", r.statusCode());
            response.put("request_id", r.requestId());
            response.set("body", body(r.response()));
            line.putNull("error");
            write(r.statusCode() >= 200 && r.statusCode() < 300 ? out : err, line);
        }
        long now = clock.instant().getEpochSecond();
        StoredFile output = out.size() == 0 ? null : new StoredFile(id("file-"), b.namespace(), b.id() + "_output.jsonl",
                "batch_output", out.size(), now);
        StoredFile errors = err.size() == 0 ? null : new StoredFile(id("file-"), b.namespace(), b.id() + "_error.jsonl",
                "batch_output", err.size(), now);
        return new Files(output, out.toByteArray(), errors, err.toByteArray());
    }

    /** A stored answer as JSON; one that is not (a server's plain-text error) as a string. */
    private static JsonNode body(String response) {
        try {
            JsonNode n = ServerJson.MAPPER.readTree(response);
            if (n != null && !n.isMissingNode()) return n;
        } catch (IOException notJson) {
            // kept as text below
        }
        return ServerJson.MAPPER.getNodeFactory().textNode(response);
    }

    private static void write(ByteArrayOutputStream to, ObjectNode line) {
        to.writeBytes(line.toString().getBytes(StandardCharsets.UTF_8));
        to.write('\n');
    }

    /** OpenAI's {@code errors} object of a batch that failed validation. */
    static String errors(List<LineValidator.Problem> problems) {
        ObjectNode errors = ServerJson.MAPPER.createObjectNode();
        errors.put("object", "list");
        ArrayNode data = errors.putArray("data");
        for (LineValidator.Problem p : problems) {
            ObjectNode e = data.addObject();
            e.put("code", p.code());
            e.put("message", p.message());
            e.put("param", p.param());
            if (p.line() == null) e.putNull("line");
            else e.put("line", p.line());
        }
        return errors.toString();
    }

    /** A line's id: the same for the same line of the same batch, however often the output is built. */
    static String lineId(String batchId, int line) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest((batchId + "#" + line).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 12);
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    static String requestId() {
        return id("req_");
    }

    static String id(String prefix) {
        byte[] b = new byte[12];
        RANDOM.nextBytes(b);
        return prefix + HexFormat.of().formatHex(b);
    }
}
