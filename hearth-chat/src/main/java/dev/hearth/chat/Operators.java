package dev.hearth.chat;

import java.util.ArrayList;
import java.util.List;

/** Python's arithmetic operators; ints stay ints, {@code /} always yields a float, {@code //} and {@code %} floor. */
final class Operators {
    private Operators() { }

    static Object binary(String op, Object a, Object b) {
        if (op.equals("~")) return Values.str(a) + Values.str(b);
        if (a instanceof Undefined u) throw u.error();
        if (b instanceof Undefined u) throw u.error();
        if (Values.isNumber(a) && Values.isNumber(b)) return numeric(op, a, b);
        return switch (op) {
            case "+" -> {
                if (a instanceof String x && b instanceof String y) yield x + y;
                if (a instanceof List<?> x && b instanceof List<?> y && (a instanceof Tuple) == (b instanceof Tuple)) {
                    List<Object> out = new ArrayList<>(x);
                    out.addAll(y);
                    yield a instanceof Tuple ? new Tuple(out) : out;
                }
                if (a instanceof String) {
                    throw new TemplateException("can only concatenate str (not \"" + Values.typeName(b) + "\") to str");
                }
                throw unsupported(op, a, b);
            }
            case "*" -> {
                if (Values.isInteger(b) && (a instanceof String || a instanceof List)) yield repeat(a, Values.toLong(b));
                if (Values.isInteger(a) && (b instanceof String || b instanceof List)) yield repeat(b, Values.toLong(a));
                throw unsupported(op, a, b);
            }
            case "%" -> {
                if (a instanceof String s) yield Strings.percentFormat(s, b);
                throw unsupported(op, a, b);
            }
            default -> throw unsupported(op, a, b);
        };
    }

    private static Object numeric(String op, Object a, Object b) {
        boolean ints = Values.isInteger(a) && Values.isInteger(b);
        if (ints) {
            long x = Values.toLong(a);
            long y = Values.toLong(b);
            try {
                return switch (op) {
                    case "+" -> Math.addExact(x, y);
                    case "-" -> Math.subtractExact(x, y);
                    case "*" -> Math.multiplyExact(x, y);
                    case "/" -> divide(x, y);
                    case "//" -> Math.floorDiv(x, nonZero(y, "integer division or modulo by zero"));
                    case "%" -> Math.floorMod(x, nonZero(y, "integer modulo by zero"));
                    case "**" -> y >= 0 ? (Object) power(x, y) : (Object) Math.pow(x, y);
                    default -> throw new IllegalArgumentException(op);
                };
            } catch (ArithmeticException overflow) {
                throw new TemplateException("integer overflow in '" + op + "' (only 64-bit integers are supported)");
            }
        }
        double x = Values.toDouble(a);
        double y = Values.toDouble(b);
        return switch (op) {
            case "+" -> x + y;
            case "-" -> x - y;
            case "*" -> x * y;
            case "/" -> divide(x, y);
            case "//" -> Math.floor(x / nonZero(y, "float floor division by zero"));
            case "%" -> {
                double r = x % nonZero(y, "float modulo");
                yield r != 0 && (r < 0) != (y < 0) ? r + y : r;
            }
            case "**" -> Math.pow(x, y);
            default -> throw new IllegalArgumentException(op);
        };
    }

    static Object negate(Object v, boolean minus) {
        if (v instanceof Undefined u) throw u.error();
        if (!Values.isNumber(v)) throw new TemplateException("bad operand type for unary " + (minus ? "-" : "+") + ": '" + Values.typeName(v) + "'");
        if (Values.isInteger(v)) return minus ? (Object) (-Values.toLong(v)) : (Object) Values.toLong(v);
        return minus ? -Values.toDouble(v) : Values.toDouble(v);
    }

    private static double divide(double x, double y) {
        if (y == 0) throw new TemplateException("division by zero");
        return x / y;
    }

    private static long nonZero(long y, String message) {
        if (y == 0) throw new TemplateException(message);
        return y;
    }

    private static double nonZero(double y, String message) {
        if (y == 0) throw new TemplateException(message);
        return y;
    }

    private static long power(long base, long exponent) {
        long result = 1;
        for (long i = 0; i < exponent; i++) result = Math.multiplyExact(result, base);
        return result;
    }

    private static Object repeat(Object seq, long times) {
        if (seq instanceof String s) return s.repeat((int) Math.max(0, times));
        List<Object> out = new ArrayList<>();
        for (long i = 0; i < times; i++) out.addAll((List<?>) seq);
        return seq instanceof Tuple ? new Tuple(out) : out;
    }

    private static TemplateException unsupported(String op, Object a, Object b) {
        return new TemplateException("unsupported operand type(s) for " + op + ": '" + Values.typeName(a) + "' and '" + Values.typeName(b) + "'");
    }
}
