package dev.hearth.client;

import dev.hearth.client.internal.Http;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The wait loop of huggingface_hub's {@code InferenceEndpoint.wait} (≥ 0.34), one check per poll:
 * failed → error; updateFailed → error; running with a URL and a 200 health probe → done; past the deadline →
 * timeout; otherwise sleep and re-read.
 */
final class Readiness {

    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(10);

    private final Http http;

    Readiness(Http http) {
        this.http = http.withTimeout(PROBE_TIMEOUT);
    }

    InferenceEndpoint await(InferenceEndpoint start, Duration timeout, Duration every) {
        if (timeout != null && timeout.isNegative()) throw new IllegalArgumentException("timeout cannot be negative");
        if (every == null || every.isZero() || every.isNegative()) {
            throw new IllegalArgumentException("the polling interval must be positive");
        }
        long deadline = timeout == null ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
        InferenceEndpoint e = start;
        while (true) {
            switch (e.status()) {
                case FAILED -> throw new InferenceEndpointException("Inference Endpoint " + e.name()
                        + " failed to deploy. Please check the logs for more information.");
                case UPDATE_FAILED -> throw new InferenceEndpointException("Inference Endpoint " + e.name()
                        + " failed to update. Please check the logs for more information.");
                case RUNNING -> {
                    if (e.url().isPresent() && healthy(e.url().get(), e.healthRoute())) return e;
                }
                default -> { }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new InferenceEndpointTimeoutException("Timeout while waiting for Inference Endpoint to be deployed.");
            }
            sleep(Math.min(every.toNanos(), left));
            e = e.fetch();
        }
    }

    /** {@code GET url.rstrip('/') + '/' + healthRoute.lstrip('/')} with the token; unreachable counts as not ready. */
    private boolean healthy(String url, String healthRoute) {
        URI probe = URI.create(url.replaceAll("/+$", "") + "/" + healthRoute.replaceAll("^/+", ""));
        try {
            HttpResponse<String> r = http.send(http.request(probe).GET().build());
            return r.statusCode() == 200;
        } catch (HearthConnectionException notYet) {
            return false;
        }
    }

    private static void sleep(long nanos) {
        try {
            Thread.sleep(Duration.ofNanos(nanos));
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            throw new HearthException("interrupted while waiting for the endpoint", ie);
        }
    }
}
