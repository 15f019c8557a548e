package dev.hearth.server.connections;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.server.endpoint.EndpointView;

/**
 * A connection as answers show it: the credential's fields as they were pasted, except the key, of which only a hint
 * ({@code hf_…x9Q2}) is shown; and its status {@code {state, lastError, checkedAt}}.
 */
public final class ConnectionView {

    private ConnectionView() {}

    public static ObjectNode render(Connection c) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("name", c.name());
        o.put("namespace", c.namespace());
        o.put("kind", c.kind() == null ? null : c.kind().wire());
        o.put("endpoint", c.endpoint());
        o.put("model_name", c.modelName());
        o.put("context_window", c.contextWindow());
        o.put("api_key_hint", Connection.hint(c.apiKey()));
        o.put("task", c.task());
        o.put("served_model", c.servedModel());
        o.put("max_total_tokens", c.maxTotalTokens());
        o.put("prompt_builder", c.promptBuilder());
        ObjectNode s = o.putObject("status");
        s.put("state", c.state().wire());
        s.put("lastError", c.lastError());
        s.put("checkedAt", EndpointView.timestamp(c.checkedAt()));
        s.put("createdAt", EndpointView.timestamp(c.createdAt()));
        s.put("updatedAt", EndpointView.timestamp(c.updatedAt()));
        s.put("createdBy", c.createdBy());
        return o;
    }
}
