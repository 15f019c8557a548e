package dev.hearth.api.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;

/**
 * serde's words for JSON values in error messages ("invalid type: string \"a\", expected f32"), so
 * that Hearth's 422 texts read like TGI's. Only the wording is borrowed; nothing parses these texts.
 */
public final class Serde {

    private Serde() {}

    /** How serde names the JSON value the parser is positioned on. */
    public static String describe(JsonParser p) throws IOException {
        return switch (p.currentToken()) {
            case VALUE_STRING -> "string " + quote(p.getText());
            case VALUE_NUMBER_INT -> "integer `" + p.getText() + "`";
            case VALUE_NUMBER_FLOAT -> "floating point `" + p.getText() + "`";
            case VALUE_TRUE, VALUE_FALSE -> "boolean `" + p.getText() + "`";
            case VALUE_NULL -> "null";
            case START_ARRAY -> "sequence";
            case START_OBJECT -> "map";
            default -> String.valueOf(p.currentToken());
        };
    }

    /** How serde names a JSON value already read into a tree. */
    public static String describe(JsonNode node) {
        if (node.isTextual()) return "string " + quote(node.textValue());
        if (node.isIntegralNumber()) return "integer `" + node.asText() + "`";
        if (node.isNumber()) return "floating point `" + node.asText() + "`";
        if (node.isBoolean()) return "boolean `" + node.asText() + "`";
        if (node.isNull()) return "null";
        if (node.isArray()) return "sequence";
        if (node.isObject()) return "map";
        return node.getNodeType().toString().toLowerCase(java.util.Locale.ROOT);
    }

    /** A string quoted and escaped, as Rust's {@code Debug} prints it in serde messages. */
    public static String quote(String s) {
        return "\"" + new String(com.fasterxml.jackson.core.io.JsonStringEncoder.getInstance().quoteAsString(s)) + "\"";
    }

    /** How serde names the Rust type a Java target type stands for. */
    public static String expected(Class<?> type) {
        if (type == null) return "a valid value";
        if (type == Float.class || type == float.class) return "f32";
        if (type == Double.class || type == double.class) return "f64";
        if (type == Integer.class || type == int.class) return "i32";
        if (type == Long.class || type == long.class) return "i64";
        if (type == Boolean.class || type == boolean.class) return "a boolean";
        if (type == String.class) return "a string";
        if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) return "a sequence";
        if (java.util.Map.class.isAssignableFrom(type)) return "a map";
        return "struct " + type.getSimpleName();
    }
}
