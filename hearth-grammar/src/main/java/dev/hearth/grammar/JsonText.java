package dev.hearth.grammar;

import java.util.ArrayList;
import java.util.List;

/**
 * The characters of JSON strings as grammar expressions. A JSON string holds any character raw but the quote, the
 * backslash and control characters, which are escaped; u-escapes never name a surrogate, so every string
 * produced decodes to valid Unicode and its length in code points is its number of {@code char}s.
 */
final class JsonText {
    /** Characters written raw inside a JSON string (DEL too is legal raw, but llama.cpp's own grammars avoid it). */
    static final CharSet RAW = CharSet.chars("\"\\\u007F").union(CharSet.range(0, 0x1F)).complement();

    private static final CharSet HEX = CharSet.range('0', '9').union(CharSet.range('a', 'f')).union(CharSet.range('A', 'F'));

    private JsonText() {
    }

    /** One JSON-encoded character: raw or escaped. */
    static Expr anyChar() {
        Expr hex = Expr.chars(HEX);
        Expr nonSurrogate = Expr.alt(
                Expr.seq(Expr.chars(HEX.minus(CharSet.chars("dD"))), Expr.rep(hex, 3, 3)),
                Expr.seq(Expr.chars(CharSet.chars("dD")), Expr.chars(CharSet.range('0', '7')), Expr.rep(hex, 2, 2)));
        return Expr.alt(Expr.chars(RAW), Expr.seq(Expr.lit("\\"),
                Expr.alt(Expr.chars(CharSet.chars("\"\\/bfnrt")), Expr.seq(Expr.lit("u"), nonSurrogate))));
    }

    /** The members of {@code set}, each written one way: raw where it may be, otherwise escaped. */
    static Expr encode(CharSet set) {
        List<Expr> options = new ArrayList<>();
        CharSet raw = set.intersect(RAW);
        if (!raw.isEmpty()) {
            options.add(raw.single() >= 0 ? Expr.lit(Character.toString(raw.single())) : Expr.chars(raw));
        }
        for (int c : set.minus(RAW).members()) {
            options.add(Expr.lit(escaped(c)));
        }
        return Expr.alt(options);
    }

    static String escaped(int c) {
        return switch (c) {
            case '"' -> "\\\"";
            case '\\' -> "\\\\";
            case '\n' -> "\\n";
            case '\r' -> "\\r";
            case '\t' -> "\\t";
            case '\b' -> "\\b";
            case '\f' -> "\\f";
            default -> String.format("\\u%04x", c);
        };
    }
}
