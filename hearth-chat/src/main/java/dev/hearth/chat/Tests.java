package dev.hearth.chat;

import java.util.List;
import java.util.Map;

/** Jinja's built-in tests ({@code x is defined}, {@code x is not none}, ...), with Python's type rules. */
final class Tests {
    @FunctionalInterface
    interface Test {
        boolean apply(Object value, List<Object> args);
    }

    private static final Map<String, Test> TESTS = Map.ofEntries(
            Map.entry("defined", (v, a) -> !(v instanceof Undefined)),
            Map.entry("undefined", (v, a) -> v instanceof Undefined),
            Map.entry("none", (v, a) -> v == null),
            Map.entry("boolean", (v, a) -> v instanceof Boolean),
            Map.entry("true", (v, a) -> Boolean.TRUE.equals(v)),
            Map.entry("false", (v, a) -> Boolean.FALSE.equals(v)),
            Map.entry("string", (v, a) -> v instanceof String),
            Map.entry("mapping", (v, a) -> v instanceof Map),
            Map.entry("number", (v, a) -> Values.isNumber(v)),
            Map.entry("integer", (v, a) -> Values.isInteger(v) && !(v instanceof Boolean)),
            Map.entry("float", (v, a) -> v instanceof Number && !Values.isInteger(v)),
            Map.entry("iterable", (v, a) -> Values.isIterable(v)),
            Map.entry("sequence", (v, a) -> v instanceof String || v instanceof List || v instanceof Map || v instanceof Undefined),
            Map.entry("callable", (v, a) -> v instanceof Callable),
            Map.entry("even", (v, a) -> integer(v) % 2 == 0),
            Map.entry("odd", (v, a) -> integer(v) % 2 != 0),
            Map.entry("divisibleby", (v, a) -> integer(v) % integer(arg(a, 0)) == 0),
            Map.entry("lower", (v, a) -> Values.str(v).equals(Values.str(v).toLowerCase(java.util.Locale.ROOT))
                    && Values.str(v).codePoints().anyMatch(Character::isLowerCase)),
            Map.entry("upper", (v, a) -> Values.str(v).equals(Values.str(v).toUpperCase(java.util.Locale.ROOT))
                    && Values.str(v).codePoints().anyMatch(Character::isUpperCase)),
            Map.entry("escaped", (v, a) -> false),
            Map.entry("sameas", (v, a) -> sameAs(v, arg(a, 0))),
            Map.entry("in", (v, a) -> Values.contains(arg(a, 0), v)),
            Map.entry("eq", (v, a) -> Values.equal(v, arg(a, 0))),
            Map.entry("equalto", (v, a) -> Values.equal(v, arg(a, 0))),
            Map.entry("==", (v, a) -> Values.equal(v, arg(a, 0))),
            Map.entry("ne", (v, a) -> !Values.equal(v, arg(a, 0))),
            Map.entry("!=", (v, a) -> !Values.equal(v, arg(a, 0))),
            Map.entry("lt", (v, a) -> Values.compare(v, arg(a, 0), "<") < 0),
            Map.entry("lessthan", (v, a) -> Values.compare(v, arg(a, 0), "<") < 0),
            Map.entry("<", (v, a) -> Values.compare(v, arg(a, 0), "<") < 0),
            Map.entry("le", (v, a) -> Values.compare(v, arg(a, 0), "<=") <= 0),
            Map.entry("<=", (v, a) -> Values.compare(v, arg(a, 0), "<=") <= 0),
            Map.entry("gt", (v, a) -> Values.compare(v, arg(a, 0), ">") > 0),
            Map.entry("greaterthan", (v, a) -> Values.compare(v, arg(a, 0), ">") > 0),
            Map.entry(">", (v, a) -> Values.compare(v, arg(a, 0), ">") > 0),
            Map.entry("ge", (v, a) -> Values.compare(v, arg(a, 0), ">=") >= 0),
            Map.entry(">=", (v, a) -> Values.compare(v, arg(a, 0), ">=") >= 0));

    static boolean exists(String name) {
        return TESTS.containsKey(name) || name.equals("filter") || name.equals("test");
    }

    static boolean apply(String name, Object value, List<Object> args) {
        if (name.equals("test")) return value instanceof String s && exists(s);
        if (name.equals("filter")) return value instanceof String s && Filters.exists(s);
        Test test = TESTS.get(name);
        if (test == null) throw new TemplateException("No test named '" + name + "' found.");
        return test.apply(value, args);
    }

    private static Object arg(List<Object> args, int i) {
        if (i >= args.size()) throw new TemplateException("test is missing a required argument");
        return args.get(i);
    }

    private static long integer(Object v) {
        if (v instanceof Undefined u) throw u.error();
        if (!Values.isInteger(v)) {
            if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) return n.longValue();
            throw new TemplateException("unsupported operand type(s) for %: '" + Values.typeName(v) + "' and 'int'");
        }
        return Values.toLong(v);
    }

    /** Python's {@code is}: identity for None and booleans, value identity for small cached ints, reference otherwise. */
    private static boolean sameAs(Object a, Object b) {
        if (a == null || b == null) return a == b;
        if (a instanceof Boolean || b instanceof Boolean) return a.equals(b);
        if (Values.isInteger(a) && Values.isInteger(b)) {
            long x = Values.toLong(a);
            return x == Values.toLong(b) && x >= -5 && x <= 256;
        }
        return a == b;
    }
}
