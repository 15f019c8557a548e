package dev.hearth.grammar;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * Integers and numbers, with {@code minimum}, {@code maximum}, {@code exclusiveMinimum} and {@code exclusiveMaximum}
 * (draft 4's boolean form too). Digits are bounded so that a model sampling at random still ends a number, and so
 * that every number read as a double keeps its value on the right side of its bounds.
 */
final class NumberGrammar {
    /** Unbounded integers have at most 16 digits: they fit a long, and a double's integers are exact below 2^53. */
    private static final BigInteger INTEGER_LIMIT = BigInteger.TEN.pow(16).subtract(BigInteger.ONE);
    /** Bounded numbers have at most 9 integral and 6 fractional digits, so that a double rounds none of them. */
    private static final BigInteger BOUNDED_NUMBER_LIMIT = BigInteger.TEN.pow(9).subtract(BigInteger.ONE);

    private static final Expr DIGIT = Expr.chars(CharSet.range('0', '9'));
    private static final Expr NONZERO = Expr.chars(CharSet.range('1', '9'));

    private record Bounds(BigDecimal lo, boolean loExclusive, BigDecimal hi, boolean hiExclusive) {
        boolean none() {
            return lo == null && hi == null;
        }
    }

    private NumberGrammar() {
    }

    static Expr anyInteger() {
        return Expr.seq(Expr.opt(Expr.lit("-")), Expr.alt(Expr.lit("0"), Expr.seq(NONZERO, Expr.rep(DIGIT, 0, 15))));
    }

    static Expr anyNumber() {
        return Expr.seq(anyInteger(), Expr.opt(Expr.seq(Expr.lit("."), Expr.rep(DIGIT, 1, 16))),
                Expr.opt(Expr.seq(Expr.chars(CharSet.chars("eE")), Expr.opt(Expr.chars(CharSet.chars("+-"))),
                        Expr.rep(DIGIT, 1, 2))));
    }

    static Expr integer(JsonNode schema, String pointer) {
        Bounds b = bounds(schema, pointer);
        if (b.none()) {
            return anyInteger();
        }
        BigInteger lo = b.lo == null ? INTEGER_LIMIT.negate() : lowestInteger(b.lo, b.loExclusive);
        BigInteger hi = b.hi == null ? INTEGER_LIMIT : highestInteger(b.hi, b.hiExclusive);
        lo = clamp(lo, INTEGER_LIMIT, "minimum", pointer);
        hi = clamp(hi, INTEGER_LIMIT, "maximum", pointer);
        if (lo.compareTo(hi) > 0) {
            throw new InvalidSchemaException(pointer, "no integer lies between its minimum and maximum");
        }
        return IntegerRanges.signed(lo, hi);
    }

    /**
     * Bounded numbers are the integers in range, and decimals I.F (F ending in a non-zero digit, so strictly between
     * I and I+1) whose whole open interval lies in range; that is a subset of the range, which is all a guarantee needs.
     */
    static Expr number(JsonNode schema, String pointer) {
        Bounds b = bounds(schema, pointer);
        if (b.none()) {
            return anyNumber();
        }
        BigInteger limit = BOUNDED_NUMBER_LIMIT;
        BigInteger lo = b.lo == null ? limit.negate() : clamp(lowestInteger(b.lo, b.loExclusive), limit, "minimum", pointer);
        BigInteger hi = b.hi == null ? limit : clamp(highestInteger(b.hi, b.hiExclusive), limit, "maximum", pointer);
        List<Expr> options = new ArrayList<>();
        if (lo.compareTo(hi) <= 0) {
            options.add(IntegerRanges.signed(lo, hi));
        }
        Expr fraction = Expr.seq(Expr.lit("."), Expr.rep(DIGIT, 0, 5), NONZERO);
        // I.F in (I, I+1): needs I >= lo (any bound form) and I + 1 <= hi.
        BigInteger posFrom = b.lo == null ? BigInteger.ZERO : ceil(b.lo).max(BigInteger.ZERO);
        BigInteger posTo = b.hi == null ? limit : floor(b.hi).subtract(BigInteger.ONE).min(limit);
        if (posFrom.compareTo(posTo) <= 0) {
            options.add(Expr.seq(IntegerRanges.nonNegative(posFrom, posTo), fraction));
        }
        // -I.F in (-(I+1), -I): needs -(I+1) >= lo and -I <= hi.
        BigInteger negFrom = b.hi == null ? BigInteger.ZERO : ceil(b.hi.negate()).max(BigInteger.ZERO);
        BigInteger negTo = b.lo == null ? limit : floor(b.lo.negate()).subtract(BigInteger.ONE).min(limit);
        if (negFrom.compareTo(negTo) <= 0) {
            options.add(Expr.seq(Expr.lit("-"), IntegerRanges.nonNegative(negFrom, negTo), fraction));
        }
        if (options.isEmpty()) {
            throw new InvalidSchemaException(pointer, "no number lies between its minimum and maximum");
        }
        return Expr.alt(options);
    }

    private static Bounds bounds(JsonNode s, String pointer) {
        BigDecimal lo = decimal(s, "minimum", pointer);
        BigDecimal hi = decimal(s, "maximum", pointer);
        boolean loEx = false;
        boolean hiEx = false;
        JsonNode exMin = s.get("exclusiveMinimum");
        if (exMin != null && exMin.isBoolean()) {
            if (exMin.booleanValue() && lo == null) {
                throw new InvalidSchemaException(pointer, "exclusiveMinimum: true needs a minimum");
            }
            loEx = exMin.booleanValue();
        } else if (exMin != null) {
            BigDecimal v = decimal(s, "exclusiveMinimum", pointer);
            if (lo == null || v.compareTo(lo) >= 0) {
                lo = v;
                loEx = true;
            }
        }
        JsonNode exMax = s.get("exclusiveMaximum");
        if (exMax != null && exMax.isBoolean()) {
            if (exMax.booleanValue() && hi == null) {
                throw new InvalidSchemaException(pointer, "exclusiveMaximum: true needs a maximum");
            }
            hiEx = exMax.booleanValue();
        } else if (exMax != null) {
            BigDecimal v = decimal(s, "exclusiveMaximum", pointer);
            if (hi == null || v.compareTo(hi) <= 0) {
                hi = v;
                hiEx = true;
            }
        }
        return new Bounds(lo, loEx, hi, hiEx);
    }

    private static BigDecimal decimal(JsonNode s, String keyword, String pointer) {
        JsonNode v = s.get(keyword);
        if (v == null) {
            return null;
        }
        if (!v.isNumber()) {
            throw new InvalidSchemaException(pointer, "'" + keyword + "' must be a number");
        }
        return v.decimalValue();
    }

    private static BigInteger lowestInteger(BigDecimal lo, boolean exclusive) {
        return exclusive ? floor(lo).add(BigInteger.ONE) : ceil(lo);
    }

    private static BigInteger highestInteger(BigDecimal hi, boolean exclusive) {
        return exclusive ? ceil(hi).subtract(BigInteger.ONE) : floor(hi);
    }

    private static BigInteger floor(BigDecimal v) {
        return v.setScale(0, RoundingMode.FLOOR).toBigIntegerExact();
    }

    private static BigInteger ceil(BigDecimal v) {
        return v.setScale(0, RoundingMode.CEILING).toBigIntegerExact();
    }

    /** Narrows a bound to the digits written; a bound that excludes every writable value is refused. */
    private static BigInteger clamp(BigInteger v, BigInteger limit, String keyword, String pointer) {
        if (v.abs().compareTo(limit) <= 0) {
            return v;
        }
        boolean excludesAll = keyword.equals("minimum") ? v.signum() > 0 : v.signum() < 0;
        if (excludesAll) {
            throw new UnsupportedSchemaException(keyword, pointer, "its bound has more than "
                    + limit.toString().length() + " integral digits");
        }
        return v.signum() > 0 ? limit : limit.negate();
    }
}
