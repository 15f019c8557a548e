package dev.hearth.client.internal;

import javax.net.ssl.SSLSession;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;

/** A streamed response whose body, when closed, also shuts down the client that carries it (closing its connection). */
final class AbortableResponse implements HttpResponse<InputStream> {

    private final HttpResponse<InputStream> response;
    private final InputStream body;

    AbortableResponse(HttpResponse<InputStream> response, HttpClient own) {
        this.response = response;
        this.body = new FilterInputStream(response.body()) {
            @Override
            public void close() throws IOException {
                own.shutdownNow();
                super.close();
            }
        };
    }

    @Override public int statusCode() { return response.statusCode(); }
    @Override public HttpRequest request() { return response.request(); }
    @Override public Optional<HttpResponse<InputStream>> previousResponse() { return response.previousResponse(); }
    @Override public HttpHeaders headers() { return response.headers(); }
    @Override public InputStream body() { return body; }
    @Override public Optional<SSLSession> sslSession() { return response.sslSession(); }
    @Override public URI uri() { return response.uri(); }
    @Override public HttpClient.Version version() { return response.version(); }
}
