package dev.hearth.grammar;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/** Grammars for the canonical decimal writing (no leading zero, no plus sign) of the integers in a closed range. */
final class IntegerRanges {
    private static final Expr DIGIT = Expr.chars(CharSet.range('0', '9'));

    private IntegerRanges() {
    }

    /** The integers in [lo, hi]; lo ≤ hi. {@code -0} is never written. */
    static Expr signed(BigInteger lo, BigInteger hi) {
        List<Expr> options = new ArrayList<>();
        if (lo.signum() < 0) {
            BigInteger from = hi.signum() < 0 ? hi.negate() : BigInteger.ONE;
            options.add(Expr.seq(Expr.lit("-"), nonNegative(from, lo.negate())));
        }
        if (hi.signum() >= 0) {
            options.add(nonNegative(lo.max(BigInteger.ZERO), hi));
        }
        return Expr.alt(options);
    }

    /**
     * The integers in [lo, hi]; 0 ≤ lo ≤ hi.
     *
     * <p>Every length whose numbers are all in range is folded into one {@code [1-9] [0-9]{m,n}}: alternatives that
     * begin alike cost llama.cpp's grammar sampler one parse stack each on every token (measured: an unbounded
     * integer written as sixteen per-length alternatives cost 16 % of single-stream decode speed, the folded form
     * a few), so the grammar says "one to sixteen digits" once. Only the two end lengths may need their own ranges.
     */
    static Expr nonNegative(BigInteger lo, BigInteger hi) {
        String a = lo.toString();
        String b = hi.toString();
        List<Expr> options = new ArrayList<>();
        int fullFrom = -1;
        int fullTo = -1;
        for (int len = a.length(); len <= b.length(); len++) {
            String from = len == a.length() ? a : "1" + "0".repeat(len - 1);
            String to = len == b.length() ? b : "9".repeat(len);
            if (from.equals("0")) {
                options.add(Expr.lit("0"));
                if (to.equals("0")) continue;
                from = "1";
            }
            if (from.equals("1" + "0".repeat(len - 1)) && to.equals("9".repeat(len))) {
                // The lengths whose every number is in range are consecutive: only the first and last may not be.
                if (fullFrom < 0) fullFrom = len;
                fullTo = len;
            } else {
                options.add(sameLength(from, to));
            }
        }
        if (fullFrom > 0) {
            options.add(Expr.seq(Expr.chars(CharSet.range('1', '9')), Expr.rep(DIGIT, fullFrom - 1, fullTo - 1)));
        }
        return Expr.alt(options);
    }

    /** Digit strings of one length between lo and hi, split on the first digit that differs. */
    private static Expr sameLength(String lo, String hi) {
        if (lo.equals(hi)) {
            return Expr.lit(lo);
        }
        char l0 = lo.charAt(0);
        char h0 = hi.charAt(0);
        String loRest = lo.substring(1);
        String hiRest = hi.substring(1);
        if (l0 == h0) {
            return Expr.seq(Expr.lit(String.valueOf(l0)), sameLength(loRest, hiRest));
        }
        int n = loRest.length();
        List<Expr> options = new ArrayList<>();
        int midFrom = l0 + 1;
        int midTo = h0 - 1;
        if (loRest.chars().allMatch(c -> c == '0')) {
            midFrom = l0;
        } else {
            options.add(Expr.seq(Expr.lit(String.valueOf(l0)), sameLength(loRest, "9".repeat(n))));
        }
        boolean hiFull = hiRest.chars().allMatch(c -> c == '9');
        if (hiFull) {
            midTo = h0;
        }
        if (midFrom <= midTo) {
            options.add(Expr.seq(midFrom == midTo ? Expr.lit(String.valueOf((char) midFrom))
                    : Expr.chars(CharSet.range(midFrom, midTo)), Expr.rep(DIGIT, n, n)));
        }
        if (!hiFull) {
            options.add(Expr.seq(Expr.lit(String.valueOf(h0)), sameLength("0".repeat(n), hiRest)));
        }
        return Expr.alt(options);
    }
}
