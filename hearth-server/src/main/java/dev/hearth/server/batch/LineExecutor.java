package dev.hearth.server.batch;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.server.ServerJson;
import dev.hearth.server.connections.Connection;
import dev.hearth.server.connections.ConnectionRepository;
import dev.hearth.server.endpoint.EndpointId;
import dev.hearth.server.gateway.InProcessCalls;
import dev.hearth.server.gateway.InProcessCalls.Answer;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * Sends one line where its target is, in process: a managed endpoint through the gateway's {@link InProcessCalls}
 * (woken and held as a client's request is), a connection to its server with its key and {@code model} rewritten to
 * the connection's {@code model_name}, as the root router forwards it.
 */
final class LineExecutor {

    private final InProcessCalls calls;
    private final ConnectionRepository connections;

    LineExecutor(InProcessCalls calls, ConnectionRepository connections) {
        this.calls = calls;
        this.connections = connections;
    }

    /** The endpoint a target names, or null for a connection. */
    static EndpointId endpointOf(String target) {
        return target.startsWith(ModelTargets.ENDPOINT) ? id(target.substring(ModelTargets.ENDPOINT.length())) : null;
    }

    Answer run(String path, BatchLine line, long deadline) {
        byte[] body = line.body().getBytes(StandardCharsets.UTF_8);
        EndpointId endpoint = endpointOf(line.target());
        if (endpoint != null) return calls.endpoint(endpoint, path, body, deadline);
        EndpointId label = id(line.target().substring(ModelTargets.CONNECTION.length()));
        Connection c = connections.find(label.namespace(), label.name()).orElse(null);
        if (c == null) {
            return error(404, "The connection " + label + " that this line's model named has been deleted.", "model_not_found");
        }
        try {
            ObjectNode json = (ObjectNode) ServerJson.MAPPER.readTree(body);
            json.put("model", c.modelName());
            body = ServerJson.MAPPER.writeValueAsBytes(json);
        } catch (IOException | ClassCastException impossible) { // validated when the batch was accepted
            throw new IllegalStateException(impossible);
        }
        return calls.remote(label, URI.create(c.base()), c.apiKey(), path, body);
    }

    private static EndpointId id(String namespaceAndName) {
        int slash = namespaceAndName.indexOf('/');
        return new EndpointId(namespaceAndName.substring(0, slash), namespaceAndName.substring(slash + 1));
    }

    static Answer error(int status, String message, String code) {
        ObjectNode json = ServerJson.MAPPER.createObjectNode();
        ObjectNode error = json.putObject("error");
        error.put("message", message);
        error.put("type", "invalid_request_error");
        error.putNull("param");
        error.put("code", code);
        return new Answer(status, json.toString().getBytes(StandardCharsets.UTF_8), false);
    }
}
