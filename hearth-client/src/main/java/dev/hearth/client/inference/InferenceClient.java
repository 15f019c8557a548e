package dev.hearth.client.inference;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.client.Credentials;
import dev.hearth.client.HearthConnectionException;
import dev.hearth.client.internal.Http;
import dev.hearth.client.internal.Json;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Flow;
import java.util.stream.Stream;

/**
 * A client for one endpoint URL (a Hearth gateway URL, a worker, or any TGI/TEI server), shaped like
 * huggingface_hub's {@code InferenceClient}: text generation is posted to the URL itself, chat to
 * {@code <url>/v1/chat/completions}, feature extraction to the URL with root-level options.
 *
 * <p>Errors: TGI's error types become {@link TextGenerationException}s (also when they arrive inside a stream);
 * other error answers the status-typed {@link dev.hearth.client.HearthHttpException}s. 503s are retried per the
 * {@link RetryPolicy}. Streams must be closed (try-with-resources): closing one early closes its connection and the
 * server cancels the generation.
 *
 * <p>Thread-safe. {@link #close()} releases the connection pool if this client made it.
 */
public final class InferenceClient implements AutoCloseable {

    private final String url;
    private final Calls calls;
    private final boolean ownsPool;

    private InferenceClient(String url, Calls calls, boolean ownsPool) {
        this.url = url;
        this.calls = calls;
        this.ownsPool = ownsPool;
    }

    /** A client for {@code url} with the token from {@code HEARTH_TOKEN}, {@code HF_TOKEN} or the HF token file. */
    public static InferenceClient of(String url) {
        return builder(url).build();
    }

    public static Builder builder(String url) {
        return new Builder(url);
    }

    /** The endpoint URL, without a trailing slash. */
    public String url() {
        return url;
    }

    /** The generated text for {@code prompt}, with the server's default parameters. */
    public String textGeneration(String prompt) {
        return textGeneration(prompt, TextGenerationParameters.defaults()).generatedText();
    }

    /** Generates text; {@link TextGenerationOutput#details()} is filled when {@code details} is set. */
    public TextGenerationOutput textGeneration(String prompt, TextGenerationParameters parameters) {
        HttpResponse<String> r = calls.send(post(URI.create(url), generateBody(prompt, parameters, false)));
        JsonNode body = Json.treeOrNull(r.body());
        if (body == null) throw new IllegalStateException("the endpoint did not answer JSON: " + r.body());
        // POST / answers TGI's one-element array; a server that answers an object is read as well.
        JsonNode first = body.isArray() ? body.path(0) : body;
        Integer promptTokens = r.headers().firstValue("x-prompt-tokens").map(Integer::valueOf).orElse(null);
        return Json.read(Json.WIRE, first, TextGenerationOutput.class).withPromptTokens(promptTokens);
    }

    /**
     * Streams the generation, one {@link StreamToken} per token; the last has {@link StreamToken#last()} true.
     * Close the stream to stop early. An error event ends it with a {@link TextGenerationException}.
     */
    public Stream<StreamToken> textGenerationStream(String prompt, TextGenerationParameters parameters) {
        HttpRequest request = post(URI.create(url), generateBody(prompt, parameters, true));
        return calls.events(request, data -> {
            JsonNode event = parse(data);
            if (event.has("error")) throw Calls.streamError(event, request);
            return Json.read(Json.WIRE, event, StreamToken.class);
        });
    }

    /** As {@link #textGenerationStream}, as a publisher: each subscription makes its own request. */
    public Flow.Publisher<StreamToken> textGenerationPublisher(String prompt, TextGenerationParameters parameters) {
        return new StreamPublisher<>(() -> textGenerationStream(prompt, parameters));
    }

    /** An OpenAI chat completion. */
    public ChatCompletionOutput chatCompletion(ChatCompletionRequest request) {
        HttpResponse<String> r = calls.send(post(chatUrl(), chatBody(request, false)));
        return Json.read(Json.WIRE, parse(r.body()), ChatCompletionOutput.class);
    }

    /** A streamed chat completion, chunk by chunk, up to the server's {@code [DONE]}. Close it to stop early. */
    public Stream<ChatCompletionChunk> chatCompletionStream(ChatCompletionRequest request) {
        HttpRequest http = post(chatUrl(), chatBody(request, true));
        return calls.events(http, data -> {
            if (data.strip().equals("[DONE]")) return null;
            JsonNode event = parse(data);
            if (event.has("error")) throw Calls.streamError(event, http);
            return Json.read(Json.WIRE, event, ChatCompletionChunk.class);
        });
    }

    /** As {@link #chatCompletionStream}, as a publisher. */
    public Flow.Publisher<ChatCompletionChunk> chatCompletionPublisher(ChatCompletionRequest request) {
        return new StreamPublisher<>(() -> chatCompletionStream(request));
    }

    /** The embedding of one text. */
    public float[] featureExtraction(String text) {
        return featureExtraction(text, FeatureExtractionOptions.defaults()).getFirst();
    }

    /** Embeddings of one text (a list of one vector) with options. */
    public List<float[]> featureExtraction(String text, FeatureExtractionOptions options) {
        return vectors(embedBody(text, options));
    }

    /** Embeddings of several texts, in order. */
    public List<float[]> featureExtraction(List<String> texts, FeatureExtractionOptions options) {
        return vectors(embedBody(texts, options));
    }

    /** The tokens of {@code text} ({@code POST /tokenize}). */
    public List<TokenInfo> tokenize(String text) {
        ObjectNode body = Json.WIRE.createObjectNode().put("inputs", text);
        HttpResponse<String> r = calls.send(post(route("/tokenize"), body));
        try {
            return Json.WIRE.readValue(r.body(), new TypeReference<List<TokenInfo>>() {});
        } catch (Exception e) {
            throw new IllegalStateException("unexpected /tokenize answer: " + r.body(), e);
        }
    }

    /** True when {@code GET /health} answers 200; false for any other answer or when the URL cannot be reached. */
    public boolean health() {
        try {
            return calls.http().send(calls.http().request(route("/health")).GET().build()).statusCode() == 200;
        } catch (HearthConnectionException e) {
            return false;
        }
    }

    /** {@code GET /info}: the model and the server's limits. */
    public ServerInfo info() {
        return ServerInfo.of(parse(calls.send(calls.http().request(route("/info")).GET().build()).body()));
    }

    private ObjectNode generateBody(String prompt, TextGenerationParameters parameters, boolean stream) {
        ObjectNode body = Json.WIRE.createObjectNode();
        body.put("inputs", Objects.requireNonNull(prompt, "prompt"));
        body.set("parameters", Json.WIRE.valueToTree(parameters.forWire()));
        body.put("stream", stream);
        return body;
    }

    private static ObjectNode chatBody(ChatCompletionRequest request, boolean stream) {
        ObjectNode body = Json.WIRE.valueToTree(request);
        body.put("stream", stream);
        return body;
    }

    private static ObjectNode embedBody(Object inputs, FeatureExtractionOptions options) {
        ObjectNode body = Json.WIRE.valueToTree(options);
        body.set("inputs", Json.WIRE.valueToTree(inputs));
        return body;
    }

    /** Reads {@code [[...], ...]} (TEI) or a flat {@code [...]} (the legacy pipeline, one text). */
    private List<float[]> vectors(ObjectNode body) {
        JsonNode answer = parse(calls.send(post(URI.create(url), body)).body());
        List<float[]> out = new ArrayList<>();
        if (answer.isArray() && !answer.isEmpty() && answer.get(0).isNumber()) {
            out.add(floats(answer));
        } else if (answer.isArray()) {
            answer.forEach(row -> out.add(floats(row)));
        } else {
            throw new IllegalStateException("expected embeddings (an array), got: " + answer);
        }
        return out;
    }

    private static float[] floats(JsonNode row) {
        if (!row.isArray()) throw new IllegalStateException("expected a vector, got: " + row);
        float[] v = new float[row.size()];
        for (int i = 0; i < v.length; i++) v[i] = (float) row.get(i).asDouble();
        return v;
    }

    private HttpRequest post(URI uri, JsonNode body) {
        return calls.http().json(uri, "POST", Json.write(Json.WIRE, body)).build();
    }

    /** huggingface_hub's rule: {@code .../v1} gets {@code /chat/completions}; a full chat URL is kept as it is. */
    private URI chatUrl() {
        if (url.endsWith("/chat/completions")) return URI.create(url);
        if (url.endsWith("/v1")) return URI.create(url + "/chat/completions");
        return route("/v1/chat/completions");
    }

    private URI route(String path) {
        return URI.create(url + path);
    }

    private static JsonNode parse(String data) {
        JsonNode j = Json.treeOrNull(data);
        if (j == null) throw new IllegalStateException("the endpoint did not answer JSON: " + data);
        return j;
    }

    @Override
    public void close() {
        if (ownsPool) calls.http().client().close();
    }

    /** How a client is made; every setter returns {@code this}. */
    public static final class Builder {
        private final String url;
        private String token;
        private boolean tokenSet;
        private final Map<String, String> headers = new LinkedHashMap<>();
        private Duration timeout = Duration.ofMinutes(10);
        private RetryPolicy retry = RetryPolicy.coldStart();
        private HttpClient httpClient;

        private Builder(String url) {
            String u = Objects.requireNonNull(url, "url").replaceAll("/+$", "");
            if (!u.startsWith("http://") && !u.startsWith("https://")) {
                throw new IllegalArgumentException("an endpoint URL starts with http:// or https://, not \"" + url + "\"");
            }
            this.url = u;
        }

        /** The bearer token; {@code null} sends none. Unset: {@code HEARTH_TOKEN}, {@code HF_TOKEN}, the token file. */
        public Builder token(String v) { token = v; tokenSet = true; return this; }
        /** An extra header on every request, e.g. {@code X-Scale-Up-Timeout}. */
        public Builder header(String name, String value) { headers.put(name, value); return this; }
        /** How long to wait for an answer's headers (not for a stream's end). Default 10 minutes. */
        public Builder timeout(Duration v) { timeout = Objects.requireNonNull(v); return this; }
        /** The cold-start retry policy; default {@link RetryPolicy#coldStart()}. */
        public Builder retry(RetryPolicy v) { retry = Objects.requireNonNull(v); return this; }
        /** A connection pool to share (not closed by the client); it must speak HTTP/1.1 for early close to cancel. */
        public Builder httpClient(HttpClient v) { httpClient = v; return this; }

        public InferenceClient build() {
            var t = tokenSet ? java.util.Optional.ofNullable(token) : Credentials.hearthToken(System.getenv());
            boolean owns = httpClient == null;
            Http http = new Http(owns ? Http.newClient() : httpClient, t, headers, timeout);
            return new InferenceClient(url, new Calls(http, retry), owns);
        }
    }
}
