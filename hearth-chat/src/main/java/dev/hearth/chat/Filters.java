package dev.hearth.chat;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Jinja's built-in filters, plus transformers' {@code tojson}. Argument positions follow the Python
 * signatures after the filtered value, so {@code x|default('a', true)} and
 * {@code x|default(default_value='a', boolean=true)} read alike.
 */
final class Filters {
    @FunctionalInterface
    interface Filter {
        Object apply(Object value, Args args);
    }

    private static final Pattern TAGS = Pattern.compile("(<!--.*?-->|<[^>]*>)", Pattern.DOTALL);
    private static final Pattern WORD = Pattern.compile("\\w+", Pattern.UNICODE_CHARACTER_CLASS);

    private static final Map<String, Filter> FILTERS = Map.ofEntries(
            Map.entry("abs", (v, a) -> abs(v)),
            Map.entry("attr", (v, a) -> Access.attribute(v, Values.str(a.get(0, "name", null)))),
            Map.entry("capitalize", (v, a) -> Strings.capitalize(Values.str(v))),
            Map.entry("center", (v, a) -> center(Values.str(v), (int) Values.toLong(a.get(0, "width", 80L)))),
            Map.entry("count", (v, a) -> (long) Values.length(v)),
            Map.entry("length", (v, a) -> (long) Values.length(v)),
            Map.entry("default", Filters::defaultValue),
            Map.entry("d", Filters::defaultValue),
            Map.entry("dictsort", Filters::dictsort),
            Map.entry("escape", (v, a) -> escape(Values.str(v))),
            Map.entry("e", (v, a) -> escape(Values.str(v))),
            Map.entry("first", (v, a) -> {
                List<Object> items = Values.iterate(v);
                return items.isEmpty() ? new Undefined("No first item, sequence was empty.") : items.get(0);
            }),
            Map.entry("last", (v, a) -> {
                List<Object> items = Values.iterate(v);
                return items.isEmpty() ? new Undefined("No last item, sequence was empty.") : items.get(items.size() - 1);
            }),
            Map.entry("float", (v, a) -> toFloat(v, a.get(0, "default", 0.0))),
            Map.entry("int", (v, a) -> toInt(v, a.get(0, "default", 0L), (int) Values.toLong(a.get(1, "base", 10L)))),
            Map.entry("format", (v, a) -> Strings.percentFormat(Values.str(v),
                    a.keywords().isEmpty() ? new Tuple(a.positional()) : a.keywords())),
            Map.entry("indent", Filters::indent),
            Map.entry("items", (v, a) -> switch (v) {
                case Undefined u -> List.of();
                case Map<?, ?> m -> PyMethods.items(m);
                case null, default -> throw new TemplateException("Can only get item pairs from a mapping.");
            }),
            Map.entry("join", Filters::join),
            Map.entry("list", (v, a) -> Values.iterate(v)),
            Map.entry("lower", (v, a) -> Values.str(v).toLowerCase(Locale.ROOT)),
            Map.entry("upper", (v, a) -> Values.str(v).toUpperCase(Locale.ROOT)),
            Map.entry("map", Filters::map),
            Map.entry("max", (v, a) -> extreme(v, a, 1)),
            Map.entry("min", (v, a) -> extreme(v, a, -1)),
            Map.entry("replace", (v, a) -> Strings.replace(Values.str(v), Values.str(a.get(0, "old", null)),
                    Values.str(a.get(1, "new", null)), a.get(2, "count", null) == null ? -1 : Values.toLong(a.get(2, "count", null)))),
            Map.entry("reverse", (v, a) -> {
                if (v instanceof String s) return new StringBuilder(s).reverse().toString();
                List<Object> items = Values.iterate(v);
                java.util.Collections.reverse(items);
                return items;
            }),
            Map.entry("round", Filters::round),
            Map.entry("safe", (v, a) -> v),
            Map.entry("select", (v, a) -> selectOrReject(v, a, true, false)),
            Map.entry("reject", (v, a) -> selectOrReject(v, a, false, false)),
            Map.entry("selectattr", (v, a) -> selectOrReject(v, a, true, true)),
            Map.entry("rejectattr", (v, a) -> selectOrReject(v, a, false, true)),
            Map.entry("sort", Filters::sort),
            Map.entry("string", (v, a) -> Values.str(v)),
            Map.entry("striptags", (v, a) -> String.join(" ", Strings.split(TAGS.matcher(Values.str(v)).replaceAll(""), null, -1)
                    .stream().map(String.class::cast).toList())),
            Map.entry("sum", Filters::sum),
            Map.entry("title", (v, a) -> Strings.jinjaTitle(Values.str(v))),
            Map.entry("tojson", (v, a) -> new Json(Values.truthy(a.get(0, "ensure_ascii", false)), a.get(1, "indent", null),
                    a.get(2, "separators", null), Values.truthy(a.get(3, "sort_keys", false))).dump(v)),
            Map.entry("trim", (v, a) -> Strings.strip(Values.str(v), (String) a.get(0, "chars", null), true, true)),
            Map.entry("truncate", Filters::truncate),
            Map.entry("unique", Filters::unique),
            Map.entry("wordcount", (v, a) -> WORD.matcher(Values.str(v)).results().count()));

    private Filters() { }

    static boolean exists(String name) {
        return FILTERS.containsKey(name);
    }

    static Object apply(String name, Object value, Args args) {
        Filter filter = FILTERS.get(name);
        if (filter == null) throw new TemplateException("No filter named '" + name + "' found.");
        return filter.apply(value, args);
    }

    private static Object abs(Object v) {
        if (!Values.isNumber(v)) throw new TemplateException("bad operand type for abs(): '" + Values.typeName(v) + "'");
        return Values.isInteger(v) ? (Object) Math.abs(Values.toLong(v)) : (Object) Math.abs(Values.toDouble(v));
    }

    private static String center(String s, int width) {
        int missing = width - s.length();
        if (missing <= 0) return s;
        // CPython puts the extra space on the left when both the padding and the width are odd.
        int left = missing / 2 + (missing & width & 1);
        return " ".repeat(left) + s + " ".repeat(missing - left);
    }

    private static Object defaultValue(Object v, Args a) {
        boolean useOnFalsy = Values.truthy(a.get(1, "boolean", false));
        if (v instanceof Undefined || (useOnFalsy && !Values.truthy(v))) return a.get(0, "default_value", "");
        return v;
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&#34;").replace("'", "&#39;");
    }

    private static Object toFloat(Object v, Object fallback) {
        if (Values.isNumber(v)) return Values.toDouble(v);
        try {
            return Double.parseDouble(Strings.strip(Values.str(v), null, true, true).replace("_", ""));
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private static Object toInt(Object v, Object fallback, int base) {
        if (Values.isInteger(v)) return Values.toLong(v);
        if (v instanceof Number n) return (long) n.doubleValue();
        String s = Strings.strip(Values.str(v), null, true, true).replace("_", "");
        try {
            return Long.parseLong(s, base);
        } catch (NumberFormatException e) {
            try {
                return (long) Double.parseDouble(s);
            } catch (NumberFormatException again) {
                return fallback;
            }
        }
    }

    private static Object dictsort(Object v, Args a) {
        boolean caseSensitive = Values.truthy(a.get(0, "case_sensitive", false));
        String by = Values.str(a.get(1, "by", "key"));
        boolean reverse = Values.truthy(a.get(2, "reverse", false));
        if (!(v instanceof Map<?, ?> map)) throw new TemplateException("dictsort expects a mapping, got " + Values.typeName(v));
        int position = switch (by) {
            case "key" -> 0;
            case "value" -> 1;
            default -> throw new TemplateException("You can only sort by either \"key\" or \"value\"");
        };
        List<Object> items = new ArrayList<>();
        map.forEach((k, val) -> items.add(Tuple.of(k, val)));
        Comparator<Object> order = (x, y) -> Values.compare(sortKey(((Tuple) x).get(position), caseSensitive),
                sortKey(((Tuple) y).get(position), caseSensitive), "<");
        items.sort(reverse ? order.reversed() : order);
        return items;
    }

    private static Object sortKey(Object v, boolean caseSensitive) {
        return !caseSensitive && v instanceof String s ? s.toLowerCase(Locale.ROOT) : v;
    }

    /** Jinja's {@code make_attrgetter}: a dotted path whose numeric parts index sequences. */
    static Object attributePath(Object v, String path) {
        Object current = v;
        for (String part : path.split("\\.")) {
            Object key = part.chars().allMatch(Character::isDigit) && !part.isEmpty() ? (Object) Long.parseLong(part) : part;
            current = Access.item(current, key);
        }
        return current;
    }

    private static String indent(Object v, Args a) {
        Object width = a.get(0, "width", 4L);
        String indentation = width instanceof String s ? s : " ".repeat((int) Values.toLong(width));
        boolean first = Values.truthy(a.get(1, "first", false));
        boolean blank = Values.truthy(a.get(2, "blank", false));
        List<Object> lines = Strings.splitlines(Values.str(v) + "\n");
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            String line = (String) lines.get(i);
            if (i > 0) sb.append('\n').append(blank || !line.isEmpty() ? indentation : "");
            sb.append(line);
        }
        return (first ? indentation : "") + sb;
    }

    private static String join(Object v, Args a) {
        String separator = Values.str(a.get(0, "d", ""));
        Object attribute = a.get(1, "attribute", null);
        List<String> parts = new ArrayList<>();
        for (Object item : Values.iterate(v)) {
            parts.add(Values.str(attribute == null ? item : attributePath(item, Values.str(attribute))));
        }
        return String.join(separator, parts);
    }

    private static Object map(Object v, Args a) {
        List<Object> out = new ArrayList<>();
        if (a.keywords().containsKey("attribute")) {
            String path = Values.str(a.keywords().get("attribute"));
            boolean hasDefault = a.keywords().containsKey("default");
            for (Object item : Values.iterate(v)) {
                Object value = attributePath(item, path);
                out.add(hasDefault && value instanceof Undefined ? a.keywords().get("default") : value);
            }
            return out;
        }
        if (a.size() == 0) throw new TemplateException("map requires a filter argument");
        String filter = Values.str(a.positional().get(0));
        Args rest = a.rest(1);
        for (Object item : Values.iterate(v)) out.add(apply(filter, item, rest));
        return out;
    }

    private static Object extreme(Object v, Args a, int sign) {
        boolean caseSensitive = Values.truthy(a.get(0, "case_sensitive", false));
        Object attribute = a.get(1, "attribute", null);
        List<Object> items = Values.iterate(v);
        if (items.isEmpty()) return new Undefined("No aggregated item, sequence was empty.");
        Object best = items.get(0);
        Object bestKey = sortKey(attribute == null ? best : attributePath(best, Values.str(attribute)), caseSensitive);
        for (Object item : items) {
            Object key = sortKey(attribute == null ? item : attributePath(item, Values.str(attribute)), caseSensitive);
            if (Values.compare(key, bestKey, "<") * sign > 0) {
                best = item;
                bestKey = key;
            }
        }
        return best;
    }

    /** Python's {@code round}: half-even on the exact binary value; 'ceil' and 'floor' as in Jinja. */
    private static Object round(Object v, Args a) {
        int precision = (int) Values.toLong(a.get(0, "precision", 0L));
        String method = Values.str(a.get(1, "method", "common"));
        if (method.equals("common") && Values.isInteger(v)) return Values.toLong(v);
        double d = Values.toDouble(v);
        if (Double.isNaN(d) || Double.isInfinite(d)) return d;
        return switch (method) {
            case "common" -> new BigDecimal(d).setScale(precision, RoundingMode.HALF_EVEN).doubleValue();
            case "ceil" -> Math.ceil(d * Math.pow(10, precision)) / Math.pow(10, precision);
            case "floor" -> Math.floor(d * Math.pow(10, precision)) / Math.pow(10, precision);
            default -> throw new TemplateException("method must be common, ceil or floor");
        };
    }

    private static Object selectOrReject(Object v, Args a, boolean keep, boolean byAttribute) {
        String attribute = byAttribute ? Values.str(a.get(0, "attribute", null)) : null;
        int testAt = byAttribute ? 1 : 0;
        String test = a.size() > testAt ? Values.str(a.positional().get(testAt)) : null;
        List<Object> testArgs = a.size() > testAt + 1 ? a.positional().subList(testAt + 1, a.size()) : List.of();
        List<Object> out = new ArrayList<>();
        for (Object item : Values.iterate(v)) {
            Object subject = attribute == null ? item : attributePath(item, attribute);
            boolean passes = test == null ? Values.truthy(subject) : Tests.apply(test, subject, testArgs);
            if (passes == keep) out.add(item);
        }
        return out;
    }

    private static Object sort(Object v, Args a) {
        boolean reverse = Values.truthy(a.get(0, "reverse", false));
        boolean caseSensitive = Values.truthy(a.get(1, "case_sensitive", false));
        Object attribute = a.get(2, "attribute", null);
        List<Object> items = Values.iterate(v);
        Comparator<Object> order = (x, y) -> Values.compare(
                sortKey(attribute == null ? x : attributePath(x, Values.str(attribute)), caseSensitive),
                sortKey(attribute == null ? y : attributePath(y, Values.str(attribute)), caseSensitive), "<");
        items.sort(reverse ? order.reversed() : order);
        return items;
    }

    private static Object sum(Object v, Args a) {
        Object attribute = a.get(0, "attribute", null);
        Object total = a.get(1, "start", 0L);
        for (Object item : Values.iterate(v)) {
            total = Operators.binary("+", total, attribute == null ? item : attributePath(item, Values.str(attribute)));
        }
        return total;
    }

    private static Object truncate(Object v, Args a) {
        String s = Values.str(v);
        int length = (int) Values.toLong(a.get(0, "length", 255L));
        boolean killwords = Values.truthy(a.get(1, "killwords", false));
        String end = Values.str(a.get(2, "end", "..."));
        int leeway = (int) Values.toLong(a.get(3, "leeway", 5L));
        if (s.length() <= length + leeway) return s;
        if (killwords) return s.substring(0, Math.max(0, length - end.length())) + end;
        String cut = s.substring(0, Math.max(0, length - end.length()));
        int space = cut.lastIndexOf(' ');
        return (space >= 0 ? cut.substring(0, space) : cut) + end;
    }

    private static Object unique(Object v, Args a) {
        boolean caseSensitive = Values.truthy(a.get(0, "case_sensitive", false));
        Object attribute = a.get(1, "attribute", null);
        List<Object> seen = new ArrayList<>();
        List<Object> out = new ArrayList<>();
        for (Object item : Values.iterate(v)) {
            Object key = sortKey(attribute == null ? item : attributePath(item, Values.str(attribute)), caseSensitive);
            if (seen.stream().noneMatch(s -> Values.equal(s, key))) {
                seen.add(key);
                out.add(item);
            }
        }
        return out;
    }
}
