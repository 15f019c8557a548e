package dev.hearth.worker.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.api.ApiException;
import dev.hearth.api.openai.Tool;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Which tools a chat request lets the model call, and the JSON schema that forces a call to one of them: TGI's
 * {@code ToolGrammar::apply} ({@code router/src/infer/tool_grammar.rs}).
 *
 * <p>The model writes {@code {"function":{"_name":NAME, ...arguments}}}. Each tool becomes an object schema whose
 * first property is {@code _name} (its name as a {@code const}) followed by the tool's own properties, with
 * {@code _name} added to its required ones and no other property allowed; the schemas are alternatives under
 * {@code function}. {@code tool_choice}: {@code auto} (or absent) adds TGI's {@code no_tool} alternative, the
 * model's way to answer in text; {@code required} offers exactly the tools; a function name (a string or
 * {@code {"type":"function","function":{"name":...}}}) offers that one; {@code none} offers none.
 *
 * <p>Unlike TGI, the alternatives are written inline rather than as {@code #/$functions/NAME} references, and a
 * tool's own {@code $defs} move to the root, where its {@code #/$defs/...} references then resolve.
 *
 * @param tools  the tools offered (in request order; for auto, {@code no_tool} last)
 * @param schema the schema of the call the model must write
 */
public record ToolSelection(List<Tool> tools, JsonNode schema) {

    /** TGI's name of the alternative that means "answer in text". */
    public static final String NO_TOOL = "no_tool";

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    /**
     * @return null when no tool is offered (no tools, or {@code tool_choice: "none"})
     * @throws ApiException 422 {@code tool_error} for a tool choice that names no listed tool, or tools whose
     *         {@code $defs} clash
     */
    public static ToolSelection select(List<Tool> tools, JsonNode toolChoice) {
        if (tools == null || tools.isEmpty()) return null;
        List<Tool> used = switch (choice(toolChoice)) {
            case "none" -> List.of();
            case "required" -> tools;
            case "auto" -> {
                List<Tool> withNoTool = new ArrayList<>(tools);
                withNoTool.add(new Tool("function", new Tool.Function(
                        "Open ended response with no specific tool selected", NO_TOOL, JSON.objectNode().put("type", "object"))));
                yield withNoTool;
            }
            default -> List.of(byName(tools, functionName(toolChoice)));
        };
        if (used.isEmpty()) return null;
        ObjectNode defs = JSON.objectNode();
        ArrayNode alternatives = JSON.arrayNode();
        for (Tool t : used) alternatives.add(callSchema(t, defs));
        ObjectNode root = JSON.objectNode().put("type", "object");
        root.putObject("properties").putObject("function").set("anyOf", alternatives);
        root.putArray("required").add("function");
        root.put("additionalProperties", false);
        if (!defs.isEmpty()) root.set("$defs", defs);
        return new ToolSelection(List.copyOf(used), root);
    }

    /** "auto", "none", "required", or "function" for a named function. */
    private static String choice(JsonNode toolChoice) {
        if (toolChoice == null) return "auto";
        if (toolChoice.isTextual()) {
            String s = toolChoice.textValue();
            return s.equals("auto") || s.equals("none") || s.equals("required") ? s : "function";
        }
        return "function";
    }

    private static String functionName(JsonNode toolChoice) {
        return toolChoice.isTextual() ? toolChoice.textValue() : toolChoice.path("function").path("name").textValue();
    }

    private static Tool byName(List<Tool> tools, String name) {
        return tools.stream().filter(t -> t.function().name().equals(name)).findFirst()
                .orElseThrow(() -> ApiException.toolError("Tool with name " + name + " not found"));
    }

    private static ObjectNode callSchema(Tool tool, ObjectNode defs) {
        Tool.Function f = tool.function();
        ObjectNode schema = JSON.objectNode().put("type", "object");
        if (f.description() != null) schema.put("description", f.description());
        ObjectNode properties = schema.putObject("properties");
        properties.putObject("_name").put("type", "string").put("const", f.name());
        ArrayNode required = schema.putArray("required").add("_name");
        JsonNode args = f.arguments();
        if (args != null && args.isObject()) {
            if (args.path("properties").isObject()) properties.setAll((ObjectNode) args.get("properties"));
            if (args.path("required").isArray()) required.addAll((ArrayNode) args.get("required"));
            if (args.path("$defs").isObject()) {
                for (Iterator<Map.Entry<String, JsonNode>> it = args.get("$defs").fields(); it.hasNext(); ) {
                    var e = it.next();
                    JsonNode before = defs.get(e.getKey());
                    if (before != null && !before.equals(e.getValue())) {
                        throw ApiException.toolError("tools define $defs/" + e.getKey() + " differently");
                    }
                    defs.set(e.getKey(), e.getValue());
                }
            }
        }
        schema.put("additionalProperties", false);
        return schema;
    }
}
