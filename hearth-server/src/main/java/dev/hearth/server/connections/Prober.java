package dev.hearth.server.connections;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.server.ServerJson;

import javax.net.ssl.SSLException;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Executors;

/**
 * Checks a credential against its server the way that server's clients call it, and never with a generation:
 * TGI {@code GET /info} then {@code POST /tokenize} (TGI leaves {@code /info} open even with {@code --api-key}, so the
 * key is checked on a gated route that costs nothing), TEI {@code GET /info} (gated), OpenAI-compatible
 * {@code GET /v1/models}. Without a kind, {@code /info} is tried first, then {@code /v1/models}. Every call has a 5 s
 * connect and a 5 s answer timeout, so a check costs at most a few seconds.
 *
 * <p>Failures are {@link InvalidConnectionException.Refused} (422) with a message naming cause and fix; a 503 with
 * {@code estimated_time} or {@code Retry-After} (a Hugging Face endpoint scaled to zero, a server still loading) is no
 * failure but a {@link Probe#waking} answer. No message contains the key: every one passes through {@link #redact}.
 */
public final class Prober implements AutoCloseable {

    static final Duration TIMEOUT = Duration.ofSeconds(5);
    static final List<String> GENERATION_TASKS = List.of("text-generation", "text2text-generation", "conversational",
            "image-text-to-text");
    static final List<String> EMBEDDING_TASKS = List.of("feature-extraction", "sentence-similarity");
    private static final int MAX_BODY = 256 * 1024;

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(TIMEOUT)
            .executor(Executors.newVirtualThreadPerTaskExecutor()).build();

    /** One answer, its body cut at 256 KiB. */
    private record Answer(int status, String contentType, String body, boolean retryAfter) {
        JsonNode json() {
            try {
                JsonNode n = ServerJson.MAPPER.readTree(body);
                return n != null && n.isObject() ? n : null;
            } catch (IOException notJson) {
                return null;
            }
        }

        boolean refusedKey() {
            return status == 401 || status == 403;
        }

        /** HF's cold-start answer, or any 503 that says when to come back. */
        boolean waking() {
            JsonNode j = json();
            return status == 503 && (retryAfter || (j != null && j.has("estimated_time")));
        }

        String wakingDetail() {
            JsonNode j = json();
            return j != null && j.has("estimated_time")
                    ? "the server is starting (estimated_time " + j.get("estimated_time").asText() + " s)"
                    : "the server is starting (503 with Retry-After)";
        }

        String describe() {
            return "HTTP " + status + (contentType == null ? "" : " (" + contentType.split(";")[0].strip() + ")");
        }
    }

    public Probe probe(ConnectionKind kind, String endpoint, String apiKey, String modelName, Integer contextWindow) {
        String base = Connection.baseOf(endpoint);
        try {
            Probe p = detectAndCheck(kind, base, apiKey, modelName);
            if (!p.waking() && contextWindow != null && p.maxTotalTokens() != null && contextWindow > p.maxTotalTokens()) {
                throw new InvalidConnectionException.Refused(ConnectionState.UNREACHABLE, "context_window " + contextWindow
                        + " is larger than the server's limit of " + p.maxTotalTokens() + " tokens (max_total_tokens): "
                        + "set context_window to " + p.maxTotalTokens() + " or less");
            }
            return p;
        } catch (InvalidConnectionException.Refused e) {
            throw new InvalidConnectionException.Refused(e.state(), redact(e.getMessage(), apiKey));
        }
    }

    private Probe detectAndCheck(ConnectionKind kind, String base, String apiKey, String modelName) {
        if (kind == ConnectionKind.OPENAI) return models(base, get(base + "/v1/models", apiKey), apiKey, modelName, true);
        Answer info = get(base + "/info", apiKey);
        if (info.refusedKey()) throw keyRefused(base + "/info", info);
        if (info.waking()) return Probe.waking(kind, info.wakingDetail());
        JsonNode json = info.status() == 200 ? info.json() : null;
        if (json != null && (json.has("model_id") || json.has("model_type"))) return info(base, json, apiKey, modelName);
        if (kind != null) throw notInference(base, info, null);
        return models(base, info, apiKey, modelName, false);
    }

    /** TGI's or TEI's {@code /info}: task, model and limit; for TGI the key too, on {@code /tokenize}. */
    private Probe info(String base, JsonNode info, String apiKey, String modelName) {
        boolean tei = info.has("model_type");
        String task;
        Integer limit;
        if (tei) {
            JsonNode type = info.get("model_type");
            task = type.has("embedding") ? "feature-extraction" : type.has("reranker") ? "text-ranking" : "text-classification";
            limit = intOrNull(info, "max_input_length");
        } else {
            task = info.path("model_pipeline_tag").asText("text-generation");
            if (task.isBlank() || task.equals("null")) task = "text-generation";
            limit = intOrNull(info, "max_total_tokens");
        }
        if (!GENERATION_TASKS.contains(task) && !EMBEDDING_TASKS.contains(task)) {
            throw new InvalidConnectionException.Refused(ConnectionState.UNREACHABLE, "The server at " + base
                    + " serves task \"" + task + "\", which Hearth cannot route; supported tasks: "
                    + String.join(", ", GENERATION_TASKS) + ", " + String.join(", ", EMBEDDING_TASKS));
        }
        String served = info.path(tei && info.hasNonNull("served_model_name") ? "served_model_name" : "model_id").asText(null);
        checkModel(base, served, modelName);
        if (!tei) {
            Answer tokenize = post(base + "/tokenize", apiKey, "{\"inputs\":\"Hello\"}");
            if (tokenize.refusedKey()) throw keyRefused(base + "/tokenize", tokenize);
        }
        return new Probe(tei ? ConnectionKind.TEI : ConnectionKind.TGI, served, task, limit, false, null);
    }

    /** An OpenAI-compatible {@code /v1/models}: the key, and that {@code model_name} is among the served ids. */
    private Probe models(String base, Answer info, String apiKey, String modelName, boolean given) {
        Answer models = given ? info : get(base + "/v1/models", apiKey);
        if (models.refusedKey()) throw keyRefused(base + "/v1/models", models);
        if (models.waking()) return Probe.waking(ConnectionKind.OPENAI, models.wakingDetail());
        JsonNode json = models.status() == 200 ? models.json() : null;
        if (json == null || !json.path("data").isArray()) throw notInference(base, given ? null : info, models);
        List<String> ids = new ArrayList<>();
        Integer limit = null;
        for (JsonNode m : json.get("data")) {
            String id = m.path("id").asText("");
            ids.add(id);
            if (id.equalsIgnoreCase(modelName)) limit = intOrNull(m, "max_model_len"); // vLLM says it here
        }
        if (!ids.isEmpty() && ids.stream().noneMatch(id -> id.equalsIgnoreCase(modelName) || id.startsWith("/"))) {
            String served = String.join("\", \"", ids.subList(0, Math.min(5, ids.size())));
            throw new InvalidConnectionException.Refused(ConnectionState.UNREACHABLE, "The server at " + base
                    + " serves model \"" + served + "\", not \"" + modelName + "\": set model_name to what it serves, "
                    + "or paste the endpoint that serves " + modelName);
        }
        return new Probe(ConnectionKind.OPENAI, ids.isEmpty() ? null : ids.getFirst(), null, limit, false, null);
    }

    /**
     * A server names its model by repository, or by the local folder it loaded it from: Hugging Face Inference
     * Endpoints report {@code /repository}. Only a repository-like name that differs is a mismatch.
     */
    private static void checkModel(String base, String served, String modelName) {
        if (served == null || served.isBlank() || served.startsWith("/") || served.equalsIgnoreCase(modelName)) return;
        throw new InvalidConnectionException.Refused(ConnectionState.UNREACHABLE, "The server at " + base
                + " serves model \"" + served + "\", not \"" + modelName + "\": set model_name to \"" + served
                + "\", or paste the endpoint that serves " + modelName);
    }

    private static InvalidConnectionException.Refused keyRefused(String url, Answer a) {
        return new InvalidConnectionException.Refused(ConnectionState.UNAUTHORIZED, "The server at " + url
                + " refused the api_key (HTTP " + a.status() + "): paste a key that may call this endpoint; for a "
                + "Hugging Face Inference Endpoint, a token with access to it (\"Add API token\" in its Call Examples)");
    }

    private static InvalidConnectionException.Refused notInference(String base, Answer info, Answer models) {
        String said = (info == null ? "" : "GET " + base + "/info answered " + info.describe())
                + (info != null && models != null ? " and " : "")
                + (models == null ? "" : "GET " + base + "/v1/models answered " + models.describe());
        return new InvalidConnectionException.Refused(ConnectionState.UNREACHABLE, base + " is not an inference server ("
                + said + "). Did you paste the model page instead of the endpoint URL? Paste the endpoint's own URL "
                + "(for a Hugging Face Inference Endpoint: https://<name>.<region>.<vendor>.endpoints.huggingface.cloud)");
    }

    /** How long the one-token generation of {@code ?generate=true} may take: a cold model may need a while. */
    static final Duration GENERATION_TIMEOUT = Duration.ofSeconds(60);

    /**
     * The paid check a user asks for with {@code ?generate=true}: one token the way the connection will be called
     * (TGI {@code /generate} when the kind is tgi or a prompt builder is set, OpenAI {@code /v1/chat/completions},
     * TEI {@code /embed}). A non-2xx answer is a {@link InvalidConnectionException.Refused} naming the status and the
     * server's message, redacted of the key.
     */
    public void generateOne(Connection c) {
        String base = c.base();
        boolean tgi = c.kind() == ConnectionKind.TGI || c.promptBuilder() != null;
        String url;
        String body;
        if (c.kind() == ConnectionKind.TEI) {
            url = base + "/embed";
            body = "{\"inputs\":\"Hello\"}";
        } else if (tgi) {
            url = base + "/generate";
            body = "{\"inputs\":\"Hello\",\"parameters\":{\"max_new_tokens\":1}}";
        } else {
            url = base + "/v1/chat/completions";
            var o = ServerJson.MAPPER.createObjectNode().put("model", c.modelName()).put("max_tokens", 1);
            o.putArray("messages").addObject().put("role", "user").put("content", "Hello");
            body = o.toString();
        }
        Answer a = send(builder(url, c.apiKey()).timeout(GENERATION_TIMEOUT).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)), url);
        if (a.status() / 100 == 2) return;
        if (a.refusedKey()) throw keyRefused(url, a);
        String said = a.body() == null ? "" : a.body().strip();
        if (said.length() > 300) said = said.substring(0, 300) + "…";
        throw new InvalidConnectionException.Refused(ConnectionState.READY, redact("The one-token generation at " + url
                + " answered " + a.status() + (said.isEmpty() ? "" : ": " + said)
                + "; the server is reachable and the key accepted, but it cannot generate as called", c.apiKey()));
    }

    private Answer get(String url, String apiKey) {
        return send(builder(url, apiKey).GET(), url);
    }

    private Answer post(String url, String apiKey, String json) {
        return send(builder(url, apiKey).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)), url);
    }

    private static HttpRequest.Builder builder(String url, String apiKey) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT).header("Accept", "application/json");
        if (apiKey != null && !apiKey.isEmpty()) b.header("Authorization", "Bearer " + apiKey);
        return b;
    }

    private Answer send(HttpRequest.Builder b, String url) {
        try {
            HttpResponse<InputStream> r = client.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
            String body;
            try (InputStream in = r.body()) {
                body = new String(in.readNBytes(MAX_BODY), StandardCharsets.UTF_8);
            }
            return new Answer(r.statusCode(), r.headers().firstValue("content-type").orElse(null), body,
                    r.headers().firstValue("retry-after").isPresent());
        } catch (IOException e) {
            throw unreachable(url, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InvalidConnectionException.Refused(ConnectionState.UNREACHABLE, "Cannot reach " + url
                    + ": the check was interrupted (the server is shutting down)");
        }
    }

    static InvalidConnectionException.Refused unreachable(String url, IOException e) {
        String host = URI.create(url).getHost();
        String why;
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        if (e instanceof UnknownHostException || root instanceof UnknownHostException) {
            why = "the host name \"" + host + "\" does not resolve (DNS); check the endpoint URL for typos";
        } else if (e instanceof HttpConnectTimeoutException) {
            why = "no connection within " + TIMEOUT.toSeconds() + " s; check the URL and that the server is reachable"
                    + " from the Hearth host (firewall, VPN)";
        } else if (e instanceof HttpTimeoutException) {
            why = "no answer within " + TIMEOUT.toSeconds() + " s; check that the URL is the inference server's";
        } else if (e instanceof ConnectException || root instanceof ConnectException) {
            why = "the connection was refused; is the server running, and are the host and port right?";
        } else if (e instanceof SSLException || root instanceof SSLException) {
            why = "the TLS handshake failed (" + root.getMessage() + "); check https:// versus http:// and the server's certificate";
        } else {
            why = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        }
        return new InvalidConnectionException.Refused(ConnectionState.UNREACHABLE, "Cannot reach " + url + ": " + why);
    }

    private static Integer intOrNull(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v != null && v.canConvertToInt() && v.isNumber() ? v.asInt() : null;
    }

    /** Replaces the key wherever it appears (a server might echo it back) with its hint. */
    static String redact(String message, String apiKey) {
        if (message == null || apiKey == null || apiKey.length() < 4) return message;
        return message.replace(apiKey, String.valueOf(Connection.hint(apiKey)));
    }

    @Override
    public void close() {
        client.shutdownNow();
    }
}
