package dev.hearth.client.inference;

import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/**
 * The chat {@code tool_choice}: {@link #auto()} (the model calls a tool or answers in text), {@link #none()},
 * {@link #required()} (a call to one of the tools), or {@link #function} (a call to that one).
 */
public record ToolChoice(@JsonValue JsonNode value) {

    public static ToolChoice auto() { return of("auto"); }
    public static ToolChoice none() { return of("none"); }
    public static ToolChoice required() { return of("required"); }

    public static ToolChoice function(String name) {
        var f = JsonNodeFactory.instance.objectNode().put("type", "function");
        f.putObject("function").put("name", name);
        return new ToolChoice(f);
    }

    private static ToolChoice of(String s) {
        return new ToolChoice(JsonNodeFactory.instance.textNode(s));
    }
}
