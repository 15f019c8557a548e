package dev.hearth.server.batch;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.server.ServerJson;
import dev.hearth.server.auth.Principal;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.UploadedFile;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.List;

/**
 * OpenAI's Files API for batches: {@code POST /v1/files} (multipart {@code file} and {@code purpose}, which must be
 * {@code batch}), {@code GET /v1/files}, {@code GET /v1/files/{id}}, {@code GET /v1/files/{id}/content},
 * {@code DELETE /v1/files/{id}}. A file belongs to its uploader's namespace; another namespace's token gets 404.
 */
final class FileRoutes {

    private final ApiAuth auth;
    private final FileRepository files;
    private final long maxBytes;
    private final Clock clock;

    FileRoutes(ApiAuth auth, FileRepository files, long maxBytes, Clock clock) {
        this.auth = auth;
        this.files = files;
        this.maxBytes = maxBytes;
        this.clock = clock;
    }

    void register(RoutesConfig routes) {
        routes.post("/v1/files", this::upload);
        routes.get("/v1/files", this::list);
        routes.get("/v1/files/{id}", ctx -> ctx.json(BatchViews.file(find(ctx))));
        routes.get("/v1/files/{id}/content", this::content);
        routes.delete("/v1/files/{id}", this::delete);
    }

    private void upload(Context ctx) {
        Principal p = auth.principal(ctx);
        if (ctx.req().getContentLengthLong() > maxBytes + 64 * 1024) throw BatchApiException.tooLarge(maxBytes);
        String type = ctx.contentType();
        if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("multipart/form-data")) {
            throw BatchApiException.invalid("Upload the file as multipart/form-data with the fields 'file' and 'purpose'.", null);
        }
        UploadedFile file;
        String purpose;
        try {
            file = ctx.uploadedFile("file");
            purpose = ctx.formParam("purpose");
        } catch (Exception e) { // Jetty's refusal of a part beyond the limit (checked, thrown through Kotlin), or of a malformed body
            if (tooLarge(e)) throw BatchApiException.tooLarge(maxBytes);
            throw BatchApiException.invalid("The multipart body could not be read.", null);
        }
        if (purpose == null) throw BatchApiException.invalid("Missing required parameter: 'purpose'.", "purpose");
        if (!purpose.equals("batch")) {
            throw BatchApiException.invalid("Hearth accepts files of purpose 'batch' only, not '" + abbreviate(purpose) + "'.", "purpose");
        }
        if (file == null) throw BatchApiException.invalid("Missing required parameter: 'file'.", "file");
        if (file.size() > maxBytes) throw BatchApiException.tooLarge(maxBytes);
        byte[] content;
        try (InputStream in = file.content()) {
            content = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
        } catch (IOException e) {
            throw BatchApiException.invalid("The file could not be read: " + e.getMessage(), "file");
        }
        if (content.length > maxBytes) throw BatchApiException.tooLarge(maxBytes);
        String name = file.filename() == null || file.filename().isBlank() ? "file.jsonl" : file.filename();
        StoredFile stored = new StoredFile(BatchOutput.id("file-"), p.namespace(), abbreviate(name), purpose, content.length,
                clock.instant().getEpochSecond());
        files.insert(stored, content);
        ctx.json(BatchViews.file(stored));
    }

    private void list(Context ctx) {
        Principal p = auth.principal(ctx);
        List<StoredFile> all = files.list(p.namespace(), ctx.queryParam("purpose"));
        ObjectNode list = ServerJson.MAPPER.createObjectNode();
        list.put("object", "list");
        ArrayNode data = list.putArray("data");
        all.forEach(f -> data.add(BatchViews.file(f)));
        list.put("first_id", all.isEmpty() ? null : all.getFirst().id());
        list.put("last_id", all.isEmpty() ? null : all.getLast().id());
        list.put("has_more", false);
        ctx.json(list);
    }

    private StoredFile find(Context ctx) {
        Principal p = auth.principal(ctx);
        String id = ctx.pathParam("id");
        return files.find(p.namespace(), id).orElseThrow(() -> BatchApiException.notFound("No such File object: " + abbreviate(id)));
    }

    private void content(Context ctx) {
        StoredFile f = find(ctx);
        byte[] content = files.content(f.namespace(), f.id())
                .orElseThrow(() -> BatchApiException.notFound("No such File object: " + f.id()));
        ctx.contentType("application/octet-stream").result(content);
    }

    private void delete(Context ctx) {
        StoredFile f = find(ctx);
        files.delete(f.namespace(), f.id());
        ObjectNode o = ServerJson.MAPPER.createObjectNode();
        o.put("id", f.id());
        o.put("object", "file");
        o.put("deleted", true);
        ctx.json(o);
    }

    /** Whether Jetty's multipart parser refused the body for its size (it says so in a message of the chain). */
    private static boolean tooLarge(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String m = String.valueOf(t.getMessage()).toLowerCase(java.util.Locale.ROOT);
            if (m.contains("size") || m.contains("too large") || m.contains("exceed")) return true;
        }
        return false;
    }

    static String abbreviate(String s) {
        return s.length() > 200 ? s.substring(0, 200) + "…" : s;
    }
}
