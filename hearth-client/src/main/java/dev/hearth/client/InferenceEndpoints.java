package dev.hearth.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.client.inference.InferenceClient;
import dev.hearth.client.internal.Http;
import dev.hearth.client.internal.Json;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The Inference Endpoints API of a Hearth server ({@code /v2/endpoint/...}): what huggingface_hub's
 * {@code create_inference_endpoint}, {@code get_inference_endpoint} and {@code list_inference_endpoints} do.
 *
 * <pre>{@code
 * try (var api = InferenceEndpoints.fromEnvironment()) {           // HEARTH_URL, HEARTH_TOKEN
 *     InferenceEndpoint e = api.create(CreateEndpointRequest.builder("demo", "/models/tiny.gguf").build())
 *             .waitUntilRunning(Duration.ofMinutes(5), Duration.ofSeconds(1));
 *     System.out.println(e.client().textGeneration("Hello"));
 *     e.pause();
 * }
 * }</pre>
 *
 * <p>Without an explicit namespace, calls use the token's own one, asked once from {@code /api/whoami-v2} (as
 * huggingface_hub does). Thread-safe; {@link #inNamespace} views share the connection pool, which {@link #close()}
 * on the instance that made it releases.
 */
public final class InferenceEndpoints implements AutoCloseable {

    private final HearthConfig config;
    private final Http http;
    private final boolean ownsPool;
    private final String namespace;
    private final AtomicReference<String> defaultNamespace;

    /** A client for the configured server, with its own connection pool. */
    public InferenceEndpoints(HearthConfig config) {
        this(config, new Http(Http.newClient(), config.token(), Map.of(), config.requestTimeout()), true, null,
                new AtomicReference<>());
    }

    private InferenceEndpoints(HearthConfig config, Http http, boolean ownsPool, String namespace,
                               AtomicReference<String> defaultNamespace) {
        this.config = config;
        this.http = http;
        this.ownsPool = ownsPool;
        this.namespace = namespace;
        this.defaultNamespace = defaultNamespace;
    }

    /** From {@code HEARTH_URL} and {@code HEARTH_TOKEN} (then {@code HF_TOKEN}, the HF token file). */
    public static InferenceEndpoints fromEnvironment() {
        return new InferenceEndpoints(HearthConfig.fromEnvironment());
    }

    /** The given server and token; {@code null} for either falls back to the environment. */
    public static InferenceEndpoints connect(String url, String token) {
        return new InferenceEndpoints(HearthConfig.resolve(url, token));
    }

    public HearthConfig config() {
        return config;
    }

    /** A view of the same server whose calls address {@code namespace}. */
    public InferenceEndpoints inNamespace(String namespace) {
        return new InferenceEndpoints(config, http, false, Objects.requireNonNull(namespace), defaultNamespace);
    }

    /** The namespace calls address: the bound one, else the token's own (asked once). */
    public String namespace() {
        if (namespace != null) return namespace;
        String known = defaultNamespace.get();
        if (known != null) return known;
        Whoami me = whoami();
        if (!"user".equals(me.type())) {
            throw new IllegalStateException("Cannot determine default namespace: the token is of type " + me.type()
                    + "; pass a namespace");
        }
        defaultNamespace.compareAndSet(null, me.name());
        return me.name();
    }

    /** Who the token belongs to. */
    public Whoami whoami() {
        JsonNode j = tree(http.expectOk(http.request(config.resolvePath("/api/whoami-v2")).GET().build()));
        List<String> orgs = new ArrayList<>();
        j.path("orgs").forEach(o -> orgs.add(o.path("name").asText()));
        return new Whoami(j.path("type").asText(), j.path("name").asText(), orgs);
    }

    /** Creates an endpoint (in the request's namespace, else this client's); it starts {@code pending}. */
    public InferenceEndpoint create(CreateEndpointRequest request) {
        String ns = request.namespace() != null ? request.namespace() : namespace();
        String body = Json.write(Json.PLAIN, request.payload());
        return endpoint(ns, http.expectOk(http.json(collection(ns), "POST", body).build()));
    }

    /** The endpoint called {@code name}. @throws NotFoundException when there is none */
    public InferenceEndpoint get(String name) {
        String ns = namespace();
        return endpoint(ns, http.expectOk(http.request(item(ns, name, "")).GET().build()));
    }

    /** Every endpoint in this client's namespace. */
    public List<InferenceEndpoint> list() {
        return list(namespace());
    }

    /**
     * Every endpoint the token can see: its own namespace, then each organisation's; an organisation that answers
     * 401 is skipped, as huggingface_hub does for {@code namespace="*"}.
     */
    public List<InferenceEndpoint> listAll() {
        Whoami me = whoami();
        List<InferenceEndpoint> all = new ArrayList<>(list(me.name()));
        for (String org : me.orgs()) {
            try {
                all.addAll(list(org));
            } catch (UnauthorizedException e) {
                if (e.status() != 401) throw e;
            }
        }
        return all;
    }

    /** The replicas' recent log lines (at most {@code tail}), as text. */
    public String logs(String name, int tail) {
        String ns = namespace();
        return http.expectOk(http.request(URI.create(item(ns, name, "/logs") + "?tail=" + tail)).GET().build());
    }

    /** Deletes the endpoint; its replicas stop. */
    public void delete(String name) {
        String ns = namespace();
        http.expectOk(http.request(item(ns, name, "")).DELETE().build());
    }

    /** The connections API ({@code /v2/connections}) in this client's namespace, over the same pool and token. */
    public Connections connections() {
        return new Connections(this);
    }

    /** OpenAI's Files API ({@code /v1/files}): batch input, output and error files, over the same pool and token. */
    public BatchFiles files() {
        return new BatchFiles(this);
    }

    /** OpenAI's Batch API ({@code /v1/batches}): requests run by the server, over the same pool and token. */
    public Batches batches() {
        return new Batches(this);
    }

    /** An inference client for {@code url}, with this client's token and connection pool. */
    public InferenceClient client(String url) {
        return InferenceClient.builder(url).token(config.token().orElse(null)).httpClient(http.client()).build();
    }

    // Actions on one endpoint; InferenceEndpoint's methods call these.

    InferenceEndpoint action(String name, String action) {
        String ns = namespace();
        return endpoint(ns, http.expectOk(http.json(item(ns, name, "/" + action), "POST", "").build()));
    }

    InferenceEndpoint update(String name, EndpointUpdate update) {
        String ns = namespace();
        String body = Json.write(Json.PLAIN, update.payload());
        return endpoint(ns, http.expectOk(http.json(item(ns, name, ""), "PUT", body).build()));
    }

    Http http() {
        return http;
    }

    private List<InferenceEndpoint> list(String ns) {
        JsonNode j = tree(http.expectOk(http.request(collection(ns)).GET().build()));
        List<InferenceEndpoint> out = new ArrayList<>();
        InferenceEndpoints in = inNamespace(ns);
        j.path("items").forEach(item -> out.add(new InferenceEndpoint(EndpointInfo.parse(item, ns), in)));
        return out;
    }

    private InferenceEndpoint endpoint(String ns, String body) {
        return new InferenceEndpoint(EndpointInfo.parse(tree(body), ns), inNamespace(ns));
    }

    private URI collection(String ns) {
        return config.resolvePath("/v2/endpoint/" + segment(ns));
    }

    private URI item(String ns, String name, String suffix) {
        return config.resolvePath("/v2/endpoint/" + segment(ns) + "/" + segment(name) + suffix);
    }

    static String segment(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    static JsonNode tree(String body) {
        JsonNode j = Json.treeOrNull(body);
        if (j == null) throw new IllegalStateException("the server did not answer JSON: " + body);
        return j;
    }

    /** Releases the connection pool, if this instance made it (views from {@link #inNamespace} do not). */
    @Override
    public void close() {
        if (ownsPool) http.client().close();
    }
}
