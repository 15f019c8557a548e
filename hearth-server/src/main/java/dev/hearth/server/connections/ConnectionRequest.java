package dev.hearth.server.connections;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.server.ServerJson;

import java.net.URI;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A connection's body: exactly the GenStudio credential ({@code api_key}, {@code endpoint}, {@code model_name},
 * {@code context_window}) plus optional {@code name}, {@code kind} and {@code prompt_builder} (an EasyLLM builder
 * name: chat is then rendered with it and sent to TGI's {@code /generate}). Unknown fields are refused (400), so a typo is
 * not silently dropped. No error message quotes {@code api_key}.
 *
 * @param apiKeyGiven false when the body has no {@code api_key} (a PUT keeps the stored one)
 */
public record ConnectionRequest(String apiKey, boolean apiKeyGiven, String endpoint, String modelName,
                                Integer contextWindow, String name, ConnectionKind kind, String promptBuilder) {

    static final Pattern NAME = Pattern.compile("[a-z0-9]([a-z0-9-]{0,30}[a-z0-9])?");
    private static final Set<String> FIELDS = Set.of("api_key", "endpoint", "model_name", "context_window", "name", "kind",
            "prompt_builder");

    public static ConnectionRequest parse(byte[] body) {
        if (body.length == 0) throw bad("a JSON body is required: {\"api_key\", \"endpoint\", \"model_name\", \"context_window\"}");
        JsonNode json;
        try {
            json = ServerJson.MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            // Jackson's message may quote the body, which holds the key: only the position is said.
            var at = e.getLocation();
            throw bad("the body is not valid JSON" + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"));
        } catch (java.io.IOException e) {
            throw bad("the body could not be read");
        }
        if (json == null || !json.isObject()) throw bad("the body must be a JSON object");
        for (Iterator<String> it = json.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!FIELDS.contains(f)) throw bad("unknown field \"" + ConnectionKind.clip(f) + "\"; a connection has "
                    + "api_key, endpoint, model_name, context_window and optionally name, kind and prompt_builder");
        }
        String key = text(json, "api_key");
        String endpoint = required(json, "endpoint");
        checkUrl(endpoint);
        String model = required(json, "model_name");
        Integer context = null;
        JsonNode c = json.get("context_window");
        if (c != null && !c.isNull()) {
            if (!c.canConvertToInt() || !c.isIntegralNumber() || c.asInt() < 1) throw bad("context_window must be a positive whole number of tokens");
            context = c.asInt();
        }
        String name = text(json, "name");
        if (name != null && !NAME.matcher(name).matches()) {
            throw bad("name \"" + ConnectionKind.clip(name) + "\" must be 1-32 lower-case letters, digits and '-', "
                    + "starting and ending with a letter or digit");
        }
        String builder = text(json, "prompt_builder");
        if (builder != null && !dev.hearth.chat.PromptBuilders.names().contains(builder.strip())) {
            throw bad("prompt_builder \"" + ConnectionKind.clip(builder) + "\" is not an EasyLLM prompt builder; use one of "
                    + String.join(", ", dev.hearth.chat.PromptBuilders.names()) + ", or leave it out to use the server's chat route");
        }
        return new ConnectionRequest(key == null || key.isEmpty() ? null : key, json.has("api_key"), endpoint, model,
                context, name, ConnectionKind.parse(text(json, "kind")).orElse(null), builder == null ? null : builder.strip());
    }

    /** The name to use: the given one, else {@code model_name}'s last segment made a valid name. */
    public String nameOrDerived() {
        if (name != null) return name;
        String last = modelName.substring(modelName.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
        String n = last.replaceAll("[^a-z0-9]+", "-").replaceAll("^-+", "");
        if (n.length() > 32) n = n.substring(0, 32);
        n = n.replaceAll("-+$", "");
        return n.isEmpty() ? "connection" : n;
    }

    private static void checkUrl(String endpoint) {
        URI uri;
        try {
            uri = URI.create(endpoint.strip());
        } catch (IllegalArgumentException e) {
            throw bad("endpoint is not a URL: paste the endpoint's URL, e.g. https://xyz.us-east-1.aws.endpoints.huggingface.cloud");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
            throw bad("endpoint must be an http:// or https:// URL with a host, e.g. https://xyz.us-east-1.aws.endpoints.huggingface.cloud");
        }
        if (uri.getRawUserInfo() != null) throw bad("endpoint must not carry credentials in the URL; put the key in api_key");
    }

    private static String required(JsonNode json, String field) {
        String v = text(json, field);
        if (v == null || v.isBlank()) throw bad(field + " is required (a string)");
        return v.strip();
    }

    private static String text(JsonNode json, String field) {
        JsonNode v = json.get(field);
        if (v == null || v.isNull()) return null;
        if (!v.isTextual()) throw bad(field + " must be a string");
        return v.asText();
    }

    private static InvalidConnectionException.BadRequest bad(String message) {
        return new InvalidConnectionException.BadRequest(message);
    }
}
