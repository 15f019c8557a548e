package dev.hearth.chat;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Python's {@code json.dumps(x, ensure_ascii=False, indent=indent, separators=separators, sort_keys=sort_keys)},
 * which transformers installs as the {@code tojson} filter in place of Jinja's HTML-escaping one.
 * Byte-exact output matters: it becomes part of the prompt.
 */
final class Json {
    private final String indent;
    private final String itemSeparator;
    private final String keySeparator;
    private final boolean sortKeys;
    private final boolean ensureAscii;

    /** {@code indent}: null, an int (spaces) or a string; {@code separators}: null or a 2-item list. */
    Json(boolean ensureAscii, Object indent, Object separators, boolean sortKeys) {
        this.ensureAscii = ensureAscii;
        this.indent = switch (indent) {
            case null -> null;
            case String s -> s;
            default -> " ".repeat((int) Math.max(0, Values.toLong(indent)));
        };
        if (separators instanceof List<?> pair && pair.size() == 2) {
            this.itemSeparator = Values.str(pair.get(0));
            this.keySeparator = Values.str(pair.get(1));
        } else {
            this.itemSeparator = this.indent == null ? ", " : ",";
            this.keySeparator = ": ";
        }
        this.sortKeys = sortKeys;
    }

    String dump(Object value) {
        StringBuilder sb = new StringBuilder();
        write(sb, value, 0);
        return sb.toString();
    }

    private void write(StringBuilder sb, Object v, int depth) {
        switch (v) {
            case null -> sb.append("null");
            case Boolean b -> sb.append(b ? "true" : "false");
            case String s -> quote(sb, s, ensureAscii);
            case Map<?, ?> m -> writeObject(sb, m, depth);
            case List<?> l -> writeArray(sb, l, depth);
            case Number n when Values.isInteger(n) -> sb.append(n);
            case Number n -> sb.append(floatText(n.doubleValue()));
            default -> throw new TemplateException("Object of type " + Values.typeName(v) + " is not JSON serializable");
        }
    }

    private static String floatText(double d) {
        if (Double.isNaN(d)) return "NaN";
        if (Double.isInfinite(d)) return d > 0 ? "Infinity" : "-Infinity";
        return Values.formatFloat(d);
    }

    private void writeArray(StringBuilder sb, List<?> list, int depth) {
        if (list.isEmpty()) {
            sb.append("[]");
            return;
        }
        sb.append('[');
        for (int i = 0; i < list.size(); i++) {
            if (i > 0) sb.append(itemSeparator);
            newline(sb, depth + 1);
            write(sb, list.get(i), depth + 1);
        }
        newline(sb, depth);
        sb.append(']');
    }

    private void writeObject(StringBuilder sb, Map<?, ?> map, int depth) {
        if (map.isEmpty()) {
            sb.append("{}");
            return;
        }
        Map<?, ?> entries = map;
        if (sortKeys) {
            TreeMap<Object, Object> sorted = new TreeMap<>((a, b) -> Values.compare(a, b, "<"));
            sorted.putAll(map);
            entries = sorted;
        }
        sb.append('{');
        boolean first = true;
        for (Map.Entry<?, ?> e : entries.entrySet()) {
            if (!first) sb.append(itemSeparator);
            first = false;
            newline(sb, depth + 1);
            quote(sb, keyText(e.getKey()), ensureAscii);
            sb.append(keySeparator);
            write(sb, e.getValue(), depth + 1);
        }
        newline(sb, depth);
        sb.append('}');
    }

    private static String keyText(Object key) {
        return switch (key) {
            case String s -> s;
            case null -> "null";
            case Boolean b -> b ? "true" : "false";
            case Number n when Values.isInteger(n) -> n.toString();
            case Number n -> floatText(n.doubleValue());
            default -> throw new TemplateException("keys must be str, int, float, bool or None, not " + Values.typeName(key));
        };
    }

    private void newline(StringBuilder sb, int depth) {
        if (indent != null) sb.append('\n').append(indent.repeat(depth));
    }

    /** JSON string escaping: quotes, backslashes and C0 controls always; everything past ASCII only with {@code ensureAscii}. */
    static void quote(StringBuilder sb, String s, boolean ensureAscii) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                default -> {
                    if (c < 0x20 || (ensureAscii && c > 0x7e)) sb.append(String.format("\\u%04x", (int) c));
                    else sb.append(c);
                }
            }
        }
        sb.append('"');
    }
}
