package dev.hearth.chat;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Python semantics for plain Java values: {@code null} is None, {@link Boolean} is bool (and, as in
 * Python, also an int), integral numbers are int, {@link Double}/{@link Float}/{@link BigDecimal} are
 * float, {@link String} is str, {@link List} is list ({@link Tuple} is tuple), {@link Map} is dict.
 */
final class Values {
    /** Returned by {@link #findKey} when no key matches; never escapes this class. */
    private static final Object MISSING_KEY = new Object();

    private Values() { }

    static String typeName(Object v) {
        return switch (v) {
            case null -> "NoneType";
            case Boolean b -> "bool";
            case String s -> "str";
            case Tuple t -> "tuple";
            case List<?> l -> "list";
            case Map<?, ?> m -> "dict";
            case Undefined u -> "Undefined";
            case Namespace n -> "Namespace";
            case Callable c -> "function";
            case LoopContext l -> "LoopContext";
            default -> isInteger(v) ? "int" : v instanceof Number ? "float" : v.getClass().getSimpleName();
        };
    }

    // ---- numbers ----

    /** Python int, including bool. */
    static boolean isInteger(Object v) {
        return v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte
                || v instanceof BigInteger || v instanceof Boolean;
    }

    /** Python int or float, including bool. */
    static boolean isNumber(Object v) {
        return v instanceof Number || v instanceof Boolean;
    }

    static long toLong(Object v) {
        if (v instanceof Boolean b) return b ? 1 : 0;
        if (v instanceof BigInteger big) return big.longValueExact();
        return ((Number) v).longValue();
    }

    static double toDouble(Object v) {
        if (v instanceof Boolean b) return b ? 1 : 0;
        return ((Number) v).doubleValue();
    }

    /** Python's {@code repr(float)}: shortest round-tripping digits, exponent form outside 1e-4 ≤ |x| < 1e16. */
    static String formatFloat(double d) {
        if (Double.isNaN(d)) return "nan";
        if (Double.isInfinite(d)) return d > 0 ? "inf" : "-inf";
        if (d == 0) return (1 / d < 0) ? "-0.0" : "0.0";
        BigDecimal exact = new BigDecimal(Double.toString(Math.abs(d))).stripTrailingZeros();
        String digits = exact.unscaledValue().toString();
        int pointAt = digits.length() - exact.scale();
        String sign = d < 0 ? "-" : "";
        if (pointAt > -4 && pointAt <= 16) {
            if (pointAt <= 0) return sign + "0." + "0".repeat(-pointAt) + digits;
            if (pointAt >= digits.length()) return sign + digits + "0".repeat(pointAt - digits.length()) + ".0";
            return sign + digits.substring(0, pointAt) + "." + digits.substring(pointAt);
        }
        int exponent = pointAt - 1;
        String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + (Math.abs(exponent) < 10 ? "0" : "") + Math.abs(exponent);
    }

    // ---- conversions to text ----

    /** Python's {@code str(v)}, except that undefined renders as the empty string, as Jinja prints it. */
    static String str(Object v) {
        return switch (v) {
            case null -> "None";
            case String s -> s;
            case Boolean b -> b ? "True" : "False";
            case Undefined u -> "";
            case Double d -> formatFloat(d);
            case Float f -> formatFloat(Double.parseDouble(f.toString()));
            case BigDecimal b -> formatFloat(b.doubleValue());
            case Number n -> n.toString();
            case List<?> l -> repr(l);
            case Map<?, ?> m -> repr(m);
            default -> v.toString();
        };
    }

    /** Python's {@code repr(v)}, used for items inside printed lists and dicts. */
    static String repr(Object v) {
        return switch (v) {
            case null -> "None";
            case String s -> reprString(s);
            case Undefined u -> "Undefined";
            case Tuple t -> {
                StringBuilder sb = new StringBuilder("(");
                appendItems(sb, t);
                yield sb.append(t.size() == 1 ? ",)" : ")").toString();
            }
            case List<?> l -> {
                StringBuilder sb = new StringBuilder("[");
                appendItems(sb, l);
                yield sb.append(']').toString();
            }
            case Map<?, ?> m -> {
                StringBuilder sb = new StringBuilder("{");
                boolean first = true;
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    if (!first) sb.append(", ");
                    first = false;
                    sb.append(repr(e.getKey())).append(": ").append(repr(e.getValue()));
                }
                yield sb.append('}').toString();
            }
            default -> str(v);
        };
    }

    private static void appendItems(StringBuilder sb, List<?> items) {
        for (int i = 0; i < items.size(); i++) {
            if (i > 0) sb.append(", ");
            sb.append(repr(items.get(i)));
        }
    }

    private static String reprString(String s) {
        char quote = s.indexOf('\'') >= 0 && s.indexOf('"') < 0 ? '"' : '\'';
        StringBuilder sb = new StringBuilder().append(quote);
        s.codePoints().forEach(cp -> {
            switch (cp) {
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (cp == quote) sb.append('\\').append((char) cp);
                    else if (isPrintable(cp)) sb.appendCodePoint(cp);
                    else if (cp < 0x100) sb.append(String.format("\\x%02x", cp));
                    else if (cp < 0x10000) sb.append(String.format("\\u%04x", cp));
                    else sb.append(String.format("\\U%08x", cp));
                }
            }
        });
        return sb.append(quote).toString();
    }

    private static boolean isPrintable(int cp) {
        if (cp == ' ') return true;
        return switch (Character.getType(cp)) {
            case Character.CONTROL, Character.FORMAT, Character.SURROGATE, Character.PRIVATE_USE, Character.UNASSIGNED,
                 Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR, Character.SPACE_SEPARATOR -> false;
            default -> true;
        };
    }

    // ---- truth, equality, ordering ----

    static boolean truthy(Object v) {
        return switch (v) {
            case null -> false;
            case Boolean b -> b;
            case Undefined u -> false;
            case String s -> !s.isEmpty();
            case List<?> l -> !l.isEmpty();
            case Map<?, ?> m -> !m.isEmpty();
            case Number n -> isInteger(n) ? toLong(n) != 0 : toDouble(n) != 0;
            default -> true;
        };
    }

    /** Python's {@code ==}: 1 == 1.0 == True, lists and tuples never equal each other. */
    static boolean equal(Object a, Object b) {
        if (a == b) return true;
        if (a == null || b == null) return false;
        if (isNumber(a) && isNumber(b)) {
            if (isInteger(a) && isInteger(b)) return toLong(a) == toLong(b);
            return toDouble(a) == toDouble(b);
        }
        if (a instanceof Undefined || b instanceof Undefined) return a instanceof Undefined && b instanceof Undefined;
        if (a instanceof List<?> x && b instanceof List<?> y) {
            if ((a instanceof Tuple) != (b instanceof Tuple) || x.size() != y.size()) return false;
            for (int i = 0; i < x.size(); i++) {
                if (!equal(x.get(i), y.get(i))) return false;
            }
            return true;
        }
        if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
            if (x.size() != y.size()) return false;
            for (Map.Entry<?, ?> e : x.entrySet()) {
                Object key = findKey(y, e.getKey());
                if (key == MISSING_KEY || !equal(e.getValue(), y.get(key))) return false;
            }
            return true;
        }
        return a.equals(b);
    }

    /** Python's ordering for {@code < <= > >=}, sort and min/max; mixed types fail as they do in Python. */
    static int compare(Object a, Object b, String op) {
        if (a instanceof Undefined u) throw u.error();
        if (b instanceof Undefined u) throw u.error();
        if (isNumber(a) && isNumber(b)) {
            if (isInteger(a) && isInteger(b)) return Long.compare(toLong(a), toLong(b));
            return Double.compare(toDouble(a), toDouble(b));
        }
        if (a instanceof String x && b instanceof String y) return x.compareTo(y);
        if (a instanceof List<?> x && b instanceof List<?> y && (a instanceof Tuple) == (b instanceof Tuple)) {
            for (int i = 0; i < Math.min(x.size(), y.size()); i++) {
                if (!equal(x.get(i), y.get(i))) return compare(x.get(i), y.get(i), op);
            }
            return Integer.compare(x.size(), y.size());
        }
        throw new TemplateException("'" + op + "' not supported between instances of '" + typeName(a) + "' and '" + typeName(b) + "'");
    }

    // ---- containers ----

    /** The key of {@code map} equal to {@code key} under Python equality (so 1 finds 1L and 1.0), else a sentinel. */
    static Object findKey(Map<?, ?> map, Object key) {
        if (map.containsKey(key)) return key;
        if (isNumber(key) || key == null) {
            for (Object k : map.keySet()) {
                if (equal(k, key)) return k;
            }
        }
        return MISSING_KEY;
    }

    /** Python's {@code d[key] = value}: a key equal to an existing one (1, 1.0, True) replaces that entry's value. */
    static void put(Map<Object, Object> map, Object key, Object value) {
        Object existing = findKey(map, key);
        map.put(existing == MISSING_KEY ? key : existing, value);
    }

    static boolean hasKey(Map<?, ?> map, Object key) {
        return findKey(map, key) != MISSING_KEY;
    }

    /** Python iteration: strings yield characters, dicts yield keys, undefined yields nothing. */
    static List<Object> iterate(Object v) {
        switch (v) {
            case Undefined u -> {
                return List.of();
            }
            case String s -> {
                List<Object> chars = new ArrayList<>();
                s.codePoints().forEach(cp -> chars.add(Character.toString(cp)));
                return chars;
            }
            case Map<?, ?> m -> {
                return new ArrayList<>(m.keySet());
            }
            case Iterable<?> it -> {
                List<Object> items = new ArrayList<>();
                for (Iterator<?> i = it.iterator(); i.hasNext(); ) items.add(i.next());
                return items;
            }
            case null, default -> throw new TemplateException("'" + typeName(v) + "' object is not iterable");
        }
    }

    static boolean isIterable(Object v) {
        return v instanceof String || v instanceof Map || v instanceof Iterable || v instanceof Undefined;
    }

    static int length(Object v) {
        return switch (v) {
            case String s -> s.codePointCount(0, s.length());
            case List<?> l -> l.size();
            case Map<?, ?> m -> m.size();
            case Undefined u -> 0;
            case null, default -> throw new TemplateException("object of type '" + typeName(v) + "' has no len()");
        };
    }

    /** Python's {@code needle in haystack}. */
    static boolean contains(Object haystack, Object needle) {
        return switch (haystack) {
            case String s -> {
                if (needle instanceof String n) yield s.contains(n);
                throw new TemplateException("'in <string>' requires string as left operand, not " + typeName(needle));
            }
            case Map<?, ?> m -> hasKey(m, needle);
            case Undefined u -> false;
            case Iterable<?> it -> {
                for (Object o : it) {
                    if (equal(o, needle)) yield true;
                }
                yield false;
            }
            case null, default -> throw new TemplateException("argument of type '" + typeName(haystack) + "' is not iterable");
        };
    }
}
