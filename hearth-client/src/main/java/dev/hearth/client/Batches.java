package dev.hearth.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.client.internal.Http;
import dev.hearth.client.internal.Json;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * OpenAI's Batch API on a Hearth server ({@code /v1/batches}): many requests in one JSONL file, run by the server
 * itself. It resumes or wakes the endpoints the lines name (by {@code body.model}, as the root router routes), runs
 * the lines, and puts each endpoint back as it found it, so the seed's "resume, run the jobs, pause" survives the
 * client going away.
 *
 * <pre>{@code
 * try (var api = InferenceEndpoints.fromEnvironment()) {
 *     FileObject in = api.files().upload(Path.of("requests.jsonl"));
 *     Batch b = api.batches().create(in.id(), "/v1/chat/completions");
 *     b = api.batches().waitFor(b.id(), Duration.ofHours(1), p -> System.out.println(p.progress()));
 *     api.batches().results(b).forEach(r -> System.out.println(r.customId() + ": " + r.text()));
 * }
 * }</pre>
 *
 * <p>Made by {@link InferenceEndpoints#batches()}: it shares that client's pool and token.
 */
public final class Batches {

    /** OpenAI's only completion window, and Hearth's default. */
    public static final String DEFAULT_WINDOW = "24h";

    static final Duration DEFAULT_EVERY = Duration.ofSeconds(1);

    private final InferenceEndpoints api;

    Batches(InferenceEndpoints api) {
        this.api = api;
    }

    /** Sees a batch while {@link #waitFor} polls: once at the start and again whenever its status or counts change. */
    @FunctionalInterface
    public interface ProgressListener {
        void progress(Batch batch);
    }

    /** Starts a batch over an uploaded file, every line sent to {@code endpoint}, within 24 hours. */
    public Batch create(String inputFileId, String endpoint) {
        return create(inputFileId, endpoint, DEFAULT_WINDOW, Map.of());
    }

    /**
     * Starts a batch. The server checks the file first ({@link BatchStatus#VALIDATING}); a bad line fails the batch
     * with {@link Batch#errors()} naming it.
     *
     * @param endpoint         {@code /v1/chat/completions}, {@code /v1/completions} or {@code /v1/embeddings}
     * @param completionWindow how long the batch may run, e.g. {@code 24h}; past it, the batch expires
     * @param metadata         up to 16 string pairs kept with the batch
     * @throws BadRequestException when the server refuses the request (an unknown file, an unsupported endpoint)
     */
    public Batch create(String inputFileId, String endpoint, String completionWindow, Map<String, String> metadata) {
        ObjectNode body = Json.PLAIN.createObjectNode()
                .put("input_file_id", Objects.requireNonNull(inputFileId, "inputFileId"))
                .put("endpoint", Objects.requireNonNull(endpoint, "endpoint"))
                .put("completion_window", Objects.requireNonNull(completionWindow, "completionWindow"));
        if (!metadata.isEmpty()) {
            ObjectNode m = body.putObject("metadata");
            metadata.forEach(m::put);
        }
        return one(http().json(uri(""), "POST", body.toString()).build());
    }

    /** The batch as it stands. @throws NotFoundException when there is none */
    public Batch get(String id) {
        return one(http().request(uri("/" + seg(id))).GET().build());
    }

    /** Every batch the token can see, newest first as the server lists them, following its pages. */
    public List<Batch> list() {
        List<Batch> all = new ArrayList<>();
        Pages.each(http(), uri(""), b -> all.add(Batch.parse(b)));
        return all;
    }

    /**
     * Cancels the batch: it goes {@code cancelling} while running requests finish, then {@code cancelled}; what
     * finished is kept in its output file.
     */
    public Batch cancel(String id) {
        return one(http().json(uri("/" + seg(id) + "/cancel"), "POST", "").build());
    }

    /** {@link #waitFor(String, Duration, Duration, ProgressListener)} polling every second. */
    public Batch waitFor(String id, Duration timeout, ProgressListener listener) {
        return waitFor(id, timeout, DEFAULT_EVERY, listener);
    }

    /** {@link #waitFor(String, Duration, ProgressListener)} without a listener. */
    public Batch waitFor(String id, Duration timeout) {
        return waitFor(id, timeout, DEFAULT_EVERY, b -> { });
    }

    /**
     * Polls until the batch reaches a terminal status ({@link BatchStatus#terminal()}): completed, failed, expired or
     * cancelled. Any of those is returned, not thrown: a failed batch's {@link Batch#errors()} is the answer.
     *
     * @param timeout how long to wait at most; {@code null} waits for ever
     * @param every   how long to sleep between polls
     * @throws BatchTimeoutException when {@code timeout} passes first (the batch goes on on the server)
     */
    public Batch waitFor(String id, Duration timeout, Duration every, ProgressListener listener) {
        if (timeout != null && timeout.isNegative()) throw new IllegalArgumentException("timeout cannot be negative");
        if (every == null || every.isZero() || every.isNegative()) {
            throw new IllegalArgumentException("the polling interval must be positive");
        }
        Objects.requireNonNull(listener, "listener");
        long deadline = timeout == null ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
        Batch seen = null;
        while (true) {
            Batch b = get(id);
            if (seen == null || b.status() != seen.status() || !b.requestCounts().equals(seen.requestCounts())) {
                listener.progress(b);
            }
            seen = b;
            if (b.status().terminal()) return b;
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new BatchTimeoutException("batch " + id + " is still " + b.progress() + " after "
                        + timeout.toSeconds() + " s; it goes on on the server", b);
            }
            sleep(Math.min(every.toNanos(), left));
        }
    }

    /**
     * Every answered line of the batch: its output file, then its error file, each in the file's order. Empty while
     * the batch has neither (before it is finalized).
     */
    public List<BatchResult> results(Batch batch) {
        List<BatchResult> all = new ArrayList<>();
        for (String file : new String[] {batch.outputFileId(), batch.errorFileId()}) {
            if (file == null) continue;
            api.files().content(file).lines().filter(l -> !l.isBlank()).forEach(l -> {
                JsonNode j = Json.treeOrNull(l);
                if (j == null) throw new IllegalStateException("a line of file " + file + " is not JSON: " + l);
                all.add(BatchResult.parse(j));
            });
        }
        return all;
    }

    private Batch one(java.net.http.HttpRequest request) {
        return Batch.parse(InferenceEndpoints.tree(http().expectOk(request)));
    }

    private Http http() {
        return api.http();
    }

    private URI uri(String suffix) {
        return api.config().resolvePath("/v1/batches" + suffix);
    }

    private static String seg(String id) {
        return InferenceEndpoints.segment(Objects.requireNonNull(id, "id"));
    }

    private static void sleep(long nanos) {
        try {
            Thread.sleep(Duration.ofNanos(nanos));
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            throw new HearthException("interrupted while waiting for the batch", ie);
        }
    }
}
