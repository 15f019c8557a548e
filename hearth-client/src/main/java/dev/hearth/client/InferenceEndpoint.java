package dev.hearth.client;

import dev.hearth.client.inference.AsyncInferenceClient;
import dev.hearth.client.inference.InferenceClient;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One endpoint as the server last described it, and the actions on it. Immutable: every action returns a new
 * {@code InferenceEndpoint} built from the server's answer, so {@code e = e.pause()} is the Java for Python's
 * in-place refresh. Equality is by the data ({@link #info()}).
 */
public final class InferenceEndpoint {

    static final Duration DEFAULT_EVERY = Duration.ofSeconds(1);

    private final EndpointInfo info;
    private final InferenceEndpoints api;

    InferenceEndpoint(EndpointInfo info, InferenceEndpoints api) {
        this.info = info;
        this.api = api;
    }

    /** Everything the server said, including {@link EndpointInfo#raw()}. */
    public EndpointInfo info() { return info; }
    /** The endpoint's name, unique in its namespace. */
    public String name() { return info.name(); }
    /** The namespace it was addressed in. */
    public String namespace() { return info.namespace(); }
    /** {@code model.repository}: the model it serves. */
    public String repository() { return info.repository(); }
    /** {@code status.state} when the server last answered. */
    public EndpointStatus status() { return info.status(); }
    /** The URL requests go to; empty while the endpoint is not deployed (pending, paused, failed). */
    public Optional<String> url() { return Optional.ofNullable(info.url()); }
    /** The route that answers 200 once a replica serves, e.g. {@code /health}. */
    public String healthRoute() { return info.healthRoute(); }
    /** {@code public}, {@code protected}, {@code authenticated} or {@code private}. */
    public String type() { return info.type(); }
    /** {@code model.framework}. */
    public String framework() { return info.framework(); }
    /** {@code model.revision}, or {@code null}. */
    public String revision() { return info.revision(); }
    /** {@code model.task}, or {@code null}. */
    public String task() { return info.task(); }
    /** {@code status.createdAt}. */
    public Instant createdAt() { return info.createdAt(); }
    /** {@code status.updatedAt}. */
    public Instant updatedAt() { return info.updatedAt(); }

    /** Reads the endpoint again. */
    public InferenceEndpoint fetch() {
        return api.get(info.name());
    }

    /**
     * Polls until the endpoint serves, with huggingface_hub's (≥ 0.34) rule: state {@code running}, a URL, and
     * {@code GET url + healthRoute} answering 200.
     *
     * @param timeout how long to wait at most; {@code null} waits for ever
     * @param every   how long to sleep between polls
     * @return the running endpoint
     * @throws InferenceEndpointException        when it reaches {@code failed} or {@code updateFailed}
     * @throws InferenceEndpointTimeoutException when {@code timeout} passes first
     */
    public InferenceEndpoint waitUntilRunning(Duration timeout, Duration every) {
        return new Readiness(api.http()).await(this, timeout, every);
    }

    /** {@link #waitUntilRunning(Duration, Duration)} polling every second. */
    public InferenceEndpoint waitUntilRunning(Duration timeout) {
        return waitUntilRunning(timeout, DEFAULT_EVERY);
    }

    /** {@link #waitUntilRunning(Duration, Duration)} without a time limit, polling every second. */
    public InferenceEndpoint waitUntilRunning() {
        return waitUntilRunning(null, DEFAULT_EVERY);
    }

    /** Stops the replicas and clears the URL; requests are refused until {@link #resume}. */
    public InferenceEndpoint pause() {
        return api.action(info.name(), "pause");
    }

    /**
     * Starts a paused (or scaled-to-zero, or failed) endpoint again.
     *
     * @param runningOk when true, the server's 400 "already running" counts as success and the endpoint is re-read
     */
    public InferenceEndpoint resume(boolean runningOk) {
        try {
            return api.action(info.name(), "resume");
        } catch (BadRequestException e) {
            if (runningOk && e.serverMessage().contains("already running")) return fetch();
            throw e;
        }
    }

    /** {@code resume(true)}, huggingface_hub's default. */
    public InferenceEndpoint resume() {
        return resume(true);
    }

    /** Stops every replica but keeps the URL; the next request wakes the endpoint. */
    public InferenceEndpoint scaleToZero() {
        return api.action(info.name(), "scale-to-zero");
    }

    /** Applies a sparse update; a change to what replicas run rolls them ({@code updating}, then {@code running}). */
    public InferenceEndpoint update(EndpointUpdate update) {
        return api.update(info.name(), update);
    }

    /** Deletes the endpoint. Irreversible. */
    public void delete() {
        api.delete(info.name());
    }

    /** The replicas' most recent log lines. */
    public String logs(int tail) {
        return api.logs(info.name(), tail);
    }

    /**
     * A client for this endpoint's URL, with the same token.
     *
     * @throws InferenceEndpointException when the endpoint has no URL yet
     */
    public InferenceClient client() {
        return api.client(deployedUrl());
    }

    /** As {@link #client()}, for {@link java.util.concurrent.CompletableFuture} results. */
    public AsyncInferenceClient asyncClient() {
        return new AsyncInferenceClient(client());
    }

    private String deployedUrl() {
        if (info.url() == null) {
            throw new InferenceEndpointException("Cannot create a client for this Inference Endpoint as it is not yet"
                    + " deployed. Please wait for the Inference Endpoint to be deployed using"
                    + " `endpoint.waitUntilRunning()` and try again.");
        }
        return info.url();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof InferenceEndpoint other && info.equals(other.info);
    }

    @Override
    public int hashCode() {
        return Objects.hash(info);
    }

    /** As huggingface_hub prints it: {@code InferenceEndpoint(name='demo', namespace='hearth', ...)}. */
    @Override
    public String toString() {
        return "InferenceEndpoint(name='" + name() + "', namespace='" + namespace() + "', repository='" + repository()
                + "', status='" + status() + "', url=" + (info.url() == null ? "None" : "'" + info.url() + "'") + ")";
    }
}
