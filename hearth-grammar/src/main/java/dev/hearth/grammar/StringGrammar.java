package dev.hearth.grammar;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * JSON strings: free, bounded by {@code minLength}/{@code maxLength} (counted in code points, as JSON Schema counts
 * them: one grammar {@code char} is one code point), matching a {@code pattern}, or of a {@code format}.
 */
final class StringGrammar {
    private static final Expr QUOTE = Expr.lit("\"");

    private StringGrammar() {
    }

    /** {@code anyChar} refers to the shared rule of one JSON-encoded character. */
    static Expr string(JsonNode s, String pointer, Expr anyChar) {
        Integer min = SchemaValues.count(s, "minLength", pointer);
        Integer max = SchemaValues.count(s, "maxLength", pointer);
        JsonNode pattern = s.get("pattern");
        JsonNode format = s.get("format");
        if (min != null && max != null && min > max) {
            throw new InvalidSchemaException(pointer, "minLength is greater than maxLength");
        }
        if (pattern != null && format != null) {
            throw new UnsupportedSchemaException("format", pointer, "format and pattern cannot be combined");
        }
        if ((pattern != null || format != null) && (min != null || max != null)) {
            throw new UnsupportedSchemaException(min != null ? "minLength" : "maxLength", pointer,
                    "lengths cannot be combined with " + (pattern != null ? "pattern" : "format"));
        }
        if (pattern != null) {
            return Expr.seq(QUOTE, pattern(pattern, pointer, anyChar), QUOTE);
        }
        if (format != null) {
            return Expr.seq(QUOTE, format(format, pointer), QUOTE);
        }
        int lo = min == null ? 0 : min;
        if (lo > RegexTranslator.MAX_COUNT) {
            throw new UnsupportedSchemaException("minLength", pointer, "lengths above " + RegexTranslator.MAX_COUNT + " are not");
        }
        int hi = max == null ? Expr.UNBOUNDED : Math.min(max, RegexTranslator.MAX_COUNT);
        return Expr.seq(QUOTE, Expr.rep(anyChar, lo, hi), QUOTE);
    }

    /** JSON Schema patterns are searched for, not matched: an end without its anchor may have anything beyond it. */
    private static Expr pattern(JsonNode pattern, String pointer, Expr anyChar) {
        if (!pattern.isTextual()) {
            throw new InvalidSchemaException(pointer, "'pattern' must be a string");
        }
        String regex = pattern.textValue();
        try {
            Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new InvalidSchemaException(pointer, "'pattern' is not a valid regular expression: " + e.getDescription());
        }
        List<RegexTranslator.Branch> branches;
        try {
            branches = RegexTranslator.translate(regex, JsonText::encode);
        } catch (InvalidRegexException e) {
            throw new UnsupportedSchemaException("pattern", pointer, e.getMessage());
        }
        List<Expr> options = new ArrayList<>();
        Expr free = Expr.rep(anyChar, 0, Expr.UNBOUNDED);
        for (RegexTranslator.Branch b : branches) {
            options.add(Expr.seq(b.startAnchored() ? Expr.EMPTY : free, b.body(), b.endAnchored() ? Expr.EMPTY : free));
        }
        return Expr.alt(options);
    }

    private static Expr format(JsonNode format, String pointer) {
        if (!format.isTextual()) {
            throw new InvalidSchemaException(pointer, "'format' must be a string");
        }
        return switch (format.textValue()) {
            case "date" -> date();
            case "time" -> time();
            case "date-time" -> Expr.seq(date(), Expr.lit("T"), time());
            case "uuid" -> uuid();
            default -> throw new UnsupportedSchemaException("format", pointer, "format '" + format.textValue()
                    + "' cannot be guaranteed (date, time, date-time and uuid can)");
        };
    }

    /** RFC 3339 full-date, years 1000 to 2999, every month's days but February the 29th (that needs a leap year). */
    private static Expr date() {
        Expr d = digit('0', '9');
        Expr day28 = Expr.alt(Expr.seq(Expr.lit("0"), digit('1', '9')), Expr.seq(Expr.lit("1"), d),
                Expr.seq(Expr.lit("2"), digit('0', '8')));
        Expr month = Expr.alt(
                Expr.seq(Expr.lit("02-"), day28),
                Expr.seq(Expr.alt(Expr.seq(Expr.lit("0"), Expr.chars(CharSet.chars("13456789"))), Expr.lit("10"),
                        Expr.lit("11"), Expr.lit("12")), Expr.lit("-"), Expr.alt(day28, Expr.lit("29"), Expr.lit("30"))),
                Expr.seq(Expr.alt(Expr.seq(Expr.lit("0"), Expr.chars(CharSet.chars("13578"))), Expr.lit("10"),
                        Expr.lit("12")), Expr.lit("-31")));
        return Expr.seq(digit('1', '2'), Expr.rep(d, 3, 3), Expr.lit("-"), month);
    }

    /**
     * RFC 3339 full-time with a mandatory offset; no leap second, and offsets below 18 hours (RFC 3339 allows 23:59,
     * but validators built on java.time, networknt's among them, refuse offsets beyond ±18:00); -00:00 ("offset
     * unknown") is left out too, for the same validators refuse it.
     */
    private static Expr time() {
        Expr hour = Expr.alt(Expr.seq(digit('0', '1'), digit('0', '9')), Expr.seq(Expr.lit("2"), digit('0', '3')));
        Expr minute = Expr.seq(digit('0', '5'), digit('0', '9'));
        Expr fraction = Expr.opt(Expr.seq(Expr.lit("."), Expr.rep(digit('0', '9'), 1, 6)));
        Expr offsetHour = Expr.alt(Expr.seq(Expr.lit("0"), digit('0', '9')), Expr.seq(Expr.lit("1"), digit('0', '7')));
        Expr negativeHour = Expr.alt(Expr.seq(Expr.lit("0"), digit('1', '9')), Expr.seq(Expr.lit("1"), digit('0', '7')));
        Expr offset = Expr.alt(Expr.lit("Z"), Expr.seq(Expr.lit("+"), offsetHour, Expr.lit(":"), minute),
                Expr.seq(Expr.lit("-"), negativeHour, Expr.lit(":"), minute));
        return Expr.seq(hour, Expr.lit(":"), minute, Expr.lit(":"), minute, fraction, offset);
    }

    private static Expr uuid() {
        Expr hex = Expr.chars(CharSet.range('0', '9').union(CharSet.range('a', 'f')));
        return Expr.seq(Expr.rep(hex, 8, 8), Expr.lit("-"), Expr.rep(hex, 4, 4), Expr.lit("-"), Expr.rep(hex, 4, 4),
                Expr.lit("-"), Expr.rep(hex, 4, 4), Expr.lit("-"), Expr.rep(hex, 12, 12));
    }

    private static Expr digit(char from, char to) {
        return Expr.chars(CharSet.range(from, to));
    }
}
