package dev.hearth.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.client.internal.Http;
import dev.hearth.client.internal.Multipart;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * OpenAI's Files API on a Hearth server ({@code /v1/files}): the JSONL input of a batch goes up here, and its output
 * and error files come back from here. Each input line is {@code {"custom_id", "method": "POST", "url", "body"}}.
 *
 * <pre>{@code
 * FileObject in = api.files().upload(Path.of("requests.jsonl"));
 * Batch b = api.batches().create(in.id(), "/v1/chat/completions");
 * }</pre>
 *
 * <p>Made by {@link InferenceEndpoints#files()}: it shares that client's pool and token.
 */
public final class BatchFiles {

    /** The purpose of a batch's input file. */
    public static final String BATCH = "batch";

    private final InferenceEndpoints api;

    BatchFiles(InferenceEndpoints api) {
        this.api = api;
    }

    /** Uploads a JSONL file of batch requests under its own name. */
    public FileObject upload(Path jsonl) {
        byte[] content;
        try {
            content = java.nio.file.Files.readAllBytes(jsonl);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + jsonl + ": " + e.getMessage(), e);
        }
        return upload(jsonl.getFileName().toString(), content, BATCH);
    }

    /** Uploads JSONL text as a file called {@code filename}, for a batch. */
    public FileObject upload(String filename, String jsonl) {
        return upload(filename, jsonl.getBytes(StandardCharsets.UTF_8), BATCH);
    }

    /**
     * Uploads bytes as a file with the given purpose.
     *
     * @throws BadRequestException when the server refuses the file (an unsupported purpose, too large, not JSONL)
     */
    public FileObject upload(String filename, byte[] content, String purpose) {
        Objects.requireNonNull(filename, "filename");
        Objects.requireNonNull(purpose, "purpose");
        Multipart form = new Multipart().field("purpose", purpose).file("file", filename, "application/jsonl", content);
        HttpRequest request = http().request(uri("")).header("Content-Type", form.contentType())
                .POST(HttpRequest.BodyPublishers.ofByteArray(form.bytes())).build();
        return FileObject.parse(InferenceEndpoints.tree(http().expectOk(request)));
    }

    /** The file's description. @throws NotFoundException when there is none */
    public FileObject get(String id) {
        return FileObject.parse(InferenceEndpoints.tree(http().expectOk(http().request(uri("/" + seg(id))).GET().build())));
    }

    /** Every file the token can see, following the server's pages. */
    public List<FileObject> list() {
        List<FileObject> all = new ArrayList<>();
        Pages.each(http(), api.config().resolvePath("/v1/files"), f -> all.add(FileObject.parse(f)));
        return all;
    }

    /** The file's bytes as UTF-8 text (batch files are JSONL). @throws NotFoundException when there is none */
    public String content(String id) {
        return http().expectOk(http().request(uri("/" + seg(id) + "/content")).GET().build());
    }

    /** Deletes the file; true when the server says it is gone. @throws NotFoundException when there is none */
    public boolean delete(String id) {
        JsonNode j = InferenceEndpoints.tree(http().expectOk(http().request(uri("/" + seg(id))).DELETE().build()));
        return j.path("deleted").asBoolean(false);
    }

    private Http http() {
        return api.http();
    }

    private URI uri(String suffix) {
        return api.config().resolvePath("/v1/files" + suffix);
    }

    private static String seg(String id) {
        return InferenceEndpoints.segment(Objects.requireNonNull(id, "id"));
    }
}
