package dev.hearth.client.inference;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.client.internal.Json;

/**
 * A function the model may call, as the chat {@code tools} list carries it:
 * {@code {"type":"function","function":{"name","description","parameters"}}}.
 */
public record Tool(String type, Function function) {

    /** {@code parameters}: the arguments' JSON schema (a map, a record, a JSON tree...). */
    public static Tool function(String name, String description, Object parameters) {
        return new Tool("function", new Function(name, description, Json.PLAIN.valueToTree(parameters)));
    }

    public record Function(String name, String description, JsonNode parameters) {}
}
