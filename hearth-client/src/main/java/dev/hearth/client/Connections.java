package dev.hearth.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.client.internal.Http;
import dev.hearth.client.internal.Json;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The connections API of a Hearth server ({@code /v2/connections/...}): inference servers Hearth does not run (a
 * Hugging Face Inference Endpoint, TGI, TEI, any OpenAI-compatible server), added by their credential. The server
 * checks each credential against its server before saving it; a failed check is a {@link BadRequestException} with
 * status 422 whose {@link HearthHttpException#serverMessage()} names the cause and the fix.
 *
 * <pre>{@code
 * try (var api = InferenceEndpoints.fromEnvironment()) {
 *     ConnectionInfo c = api.connections().add(Files.readString(Path.of("cred.json")));   // pasted as is
 *     System.out.println(c.name() + ": " + c.state());
 * }
 * }</pre>
 *
 * <p>Made by {@link InferenceEndpoints#connections()}: it shares that client's pool, token and namespace (the bound
 * one, else the token's own), so {@code api.inNamespace("org").connections()} addresses {@code org}.
 */
public final class Connections {

    private final InferenceEndpoints api;

    Connections(InferenceEndpoints api) {
        this.api = api;
    }

    /** Adds a connection; it is saved only when its check passes (or its server is waking). */
    public ConnectionInfo add(ConnectionRequest request) {
        return add(Json.write(Json.PLAIN, request.payload()));
    }

    /**
     * Adds a connection from a credential's JSON, sent as it is: the server refuses unknown fields, so a typo is
     * reported rather than dropped here.
     */
    public ConnectionInfo add(String credentialJson) {
        Objects.requireNonNull(credentialJson, "credentialJson");
        return one(http().json(collection(), "POST", credentialJson).build());
    }

    /** Every connection in the namespace. */
    public List<ConnectionInfo> list() {
        JsonNode j = InferenceEndpoints.tree(http().expectOk(http().request(collection()).GET().build()));
        List<ConnectionInfo> out = new ArrayList<>();
        j.path("items").forEach(item -> out.add(ConnectionInfo.parse(item)));
        return out;
    }

    /** The connection called {@code name}. @throws NotFoundException when there is none */
    public ConnectionInfo get(String name) {
        return one(http().request(item(name, "")).GET().build());
    }

    /**
     * Replaces the connection's credential, checked again first (nothing changes when the check fails); a request
     * without {@code apiKey} keeps the stored key. A connection cannot be renamed.
     */
    public ConnectionInfo update(String name, ConnectionRequest request) {
        return update(name, Json.write(Json.PLAIN, request.payload()));
    }

    /** {@link #update(String, ConnectionRequest)} from a credential's JSON, sent as it is. */
    public ConnectionInfo update(String name, String credentialJson) {
        Objects.requireNonNull(credentialJson, "credentialJson");
        return one(http().json(item(name, ""), "PUT", credentialJson).build());
    }

    /** Checks the connection again and returns what the server stored: its {@code state} and {@code lastError}. */
    public ConnectionInfo test(String name) {
        return one(http().json(item(name, "/test"), "POST", "").build());
    }

    /** Removes the connection; its model leaves {@code /v1/models}. */
    public void remove(String name) {
        http().expectOk(http().request(item(name, "")).DELETE().build());
    }

    private ConnectionInfo one(java.net.http.HttpRequest request) {
        return ConnectionInfo.parse(InferenceEndpoints.tree(http().expectOk(request)));
    }

    private Http http() {
        return api.http();
    }

    private URI collection() {
        return api.config().resolvePath("/v2/connections/" + InferenceEndpoints.segment(api.namespace()));
    }

    private URI item(String name, String suffix) {
        return api.config().resolvePath("/v2/connections/" + InferenceEndpoints.segment(api.namespace()) + "/"
                + InferenceEndpoints.segment(name) + suffix);
    }
}
