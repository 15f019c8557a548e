package dev.hearth.client.inference;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.client.HearthConnectionException;
import dev.hearth.client.HearthException;
import dev.hearth.client.internal.Errors;
import dev.hearth.client.internal.Http;
import dev.hearth.client.internal.ServerSentEvents;

import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Sending data-plane requests: the cold-start retry loop, the mapping of error answers to typed exceptions, and
 * event streams as {@link Stream}s whose {@code close()} closes the connection.
 */
final class Calls {

    private static final System.Logger LOG = System.getLogger(Calls.class.getName());

    private final Http http;
    private final RetryPolicy retry;

    Calls(Http http, RetryPolicy retry) {
        this.http = http;
        this.retry = retry;
    }

    Http http() {
        return http;
    }

    /** Sends, retrying 503s within the policy; returns a 2xx answer or throws the typed exception. */
    HttpResponse<String> send(HttpRequest request) {
        return withRetry(request, http::send, s -> s);
    }

    /** Opens an event stream (retrying 503s before it starts); closing the result closes the connection. */
    <T> Stream<T> events(HttpRequest request, Function<String, T> parse) {
        HttpResponse<InputStream> r = withRetry(request, http::open, Http::drain);
        ServerSentEvents sse = new ServerSentEvents(r.body());
        Spliterator<T> spliterator = new Spliterators.AbstractSpliterator<>(Long.MAX_VALUE, Spliterator.ORDERED | Spliterator.NONNULL) {
            @Override
            public boolean tryAdvance(Consumer<? super T> action) {
                T next;
                try {
                    String data = sse.next();
                    next = data == null ? null : parse.apply(data);
                } catch (UncheckedIOException e) {
                    sse.close();
                    throw new HearthConnectionException("the event stream from " + request.uri() + " broke off: "
                            + e.getCause().getMessage(), e, false);
                } catch (RuntimeException e) {
                    sse.close();
                    throw e;
                }
                if (next == null) {
                    sse.close();
                    return false;
                }
                action.accept(next);
                return true;
            }
        };
        return StreamSupport.stream(spliterator, false).onClose(sse::close);
    }

    private <B> HttpResponse<B> withRetry(HttpRequest request, Function<HttpRequest, HttpResponse<B>> send,
                                          Function<B, String> text) {
        long started = System.nanoTime();
        while (true) {
            HttpResponse<B> r = send.apply(request);
            if (r.statusCode() / 100 == 2) return r;
            String body = text.apply(r.body());
            RuntimeException error = error(r.statusCode(), r.headers(), body, request);
            Errors.ErrorBody parsed = Errors.ErrorBody.parse(r.headers(), body);
            if (r.statusCode() != 503 || !retry.enabled() || "failed".equals(parsed.errorType())) throw error;
            long left = started + retry.maxWait().toNanos() - System.nanoTime();
            if (left <= 0) throw error;
            Duration asked = Errors.retryAfter(r.headers(), parsed);
            Duration delay = asked == null ? retry.defaultDelay() : asked;
            long sleep = Math.min(Math.max(delay.toNanos(), Duration.ofMillis(50).toNanos()), left);
            LOG.log(System.Logger.Level.DEBUG, "503 from {0}; retrying in {1} ms", request.uri(), sleep / 1_000_000);
            pause(sleep);
        }
    }

    /** A data-plane error answer: TGI's typed exceptions for TGI's error types, else the one for its status. */
    static RuntimeException error(int status, HttpHeaders headers, String body, HttpRequest request) {
        Errors.ErrorBody e = Errors.ErrorBody.parse(headers, body);
        TextGenerationException typed = TextGenerationException.known(status, e.message(), e.errorType(),
                request.method(), request.uri());
        return typed != null ? typed : Errors.byStatus(status, headers, body, request.method(), request.uri());
    }

    /** An error event inside a stream, in TGI's shape or the OpenAI routes' {@code {"error":{"message",...}}}. */
    static TextGenerationException streamError(JsonNode event, HttpRequest request) {
        JsonNode error = event.get("error");
        if (error.isObject()) {
            int status = error.path("http_status_code").asInt(500);
            return TextGenerationException.inStream(error.path("message").asText(), TextGenerationException.typeOf(status),
                    request.method(), request.uri());
        }
        return TextGenerationException.inStream(error.asText(), event.path("error_type").asText(null),
                request.method(), request.uri());
    }

    private static void pause(long nanos) {
        try {
            Thread.sleep(Duration.ofNanos(nanos));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HearthException("interrupted while waiting to retry", e);
        }
    }
}
