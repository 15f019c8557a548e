package dev.hearth.chat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Python string operations whose Java counterparts differ in edge cases (whitespace, splitting, formatting). */
final class Strings {
    private static final Pattern PERCENT_SPEC = Pattern.compile("%(?:\\(([^)]*)\\))?([-+ #0]*)(\\*|\\d+)?(?:\\.(\\d+))?([sridfFeEgGxXoc%])");
    private static final Pattern JINJA_WORD_BEGINNING = Pattern.compile("([-\\s({\\[<]+)");

    private Strings() { }

    /** Python's {@code str.isspace} for one code point (wider than {@link Character#isWhitespace}). */
    static boolean isSpace(int cp) {
        return Character.isWhitespace(cp) || Character.isSpaceChar(cp) || cp == 0x85;
    }

    /** Python's strip family: {@code chars == null} strips whitespace, otherwise any of {@code chars}. */
    static String strip(String s, String chars, boolean left, boolean right) {
        int start = 0;
        int end = s.length();
        while (left && start < end && stripped(s.codePointAt(start), chars)) start += Character.charCount(s.codePointAt(start));
        while (right && end > start && stripped(s.codePointBefore(end), chars)) end -= Character.charCount(s.codePointBefore(end));
        return s.substring(start, end);
    }

    private static boolean stripped(int cp, String chars) {
        return chars == null ? isSpace(cp) : chars.indexOf(cp) >= 0;
    }

    /** {@code str.split}: without a separator, splits on whitespace runs and drops empty parts. */
    static List<Object> split(String s, String sep, long maxsplit) {
        List<Object> parts = new ArrayList<>();
        if (sep == null) {
            int i = 0;
            int n = s.length();
            while (true) {
                while (i < n && isSpace(s.charAt(i))) i++;
                if (i >= n) break;
                if (maxsplit >= 0 && parts.size() == maxsplit) {
                    parts.add(strip(s.substring(i), null, false, true));
                    break;
                }
                int j = i;
                while (j < n && !isSpace(s.charAt(j))) j++;
                parts.add(s.substring(i, j));
                i = j;
            }
            return parts;
        }
        if (sep.isEmpty()) throw new TemplateException("empty separator");
        int from = 0;
        while (maxsplit < 0 || parts.size() < maxsplit) {
            int at = s.indexOf(sep, from);
            if (at < 0) break;
            parts.add(s.substring(from, at));
            from = at + sep.length();
        }
        parts.add(s.substring(from));
        return parts;
    }

    static List<Object> rsplit(String s, String sep, long maxsplit) {
        if (maxsplit < 0) return split(s, sep, -1);
        String reversedSep = sep == null ? null : new StringBuilder(sep).reverse().toString();
        List<Object> parts = split(new StringBuilder(s).reverse().toString(), reversedSep, maxsplit);
        List<Object> out = new ArrayList<>();
        for (Object p : parts) out.add(new StringBuilder((String) p).reverse().toString());
        Collections.reverse(out);
        return out;
    }

    static List<Object> splitlines(String s) {
        List<Object> lines = new ArrayList<>();
        Matcher m = Pattern.compile("\\r\\n|[\\n\\r\\u000b\\u000c\\u001c\\u001d\\u001e\\u0085\\u2028\\u2029]").matcher(s);
        int from = 0;
        while (m.find()) {
            lines.add(s.substring(from, m.start()));
            from = m.end();
        }
        if (from < s.length()) lines.add(s.substring(from));
        return lines;
    }

    static String replace(String s, String old, String replacement, long count) {
        if (count < 0) return s.replace(old, replacement);
        StringBuilder sb = new StringBuilder();
        int from = 0;
        for (long done = 0; done < count; done++) {
            int at = old.isEmpty() ? (from <= s.length() ? from : -1) : s.indexOf(old, from);
            if (at < 0) break;
            sb.append(s, from, at).append(replacement);
            if (old.isEmpty()) {
                if (at < s.length()) sb.appendCodePoint(s.codePointAt(at));
                from = at + (at < s.length() ? Character.charCount(s.codePointAt(at)) : 1);
            } else {
                from = at + old.length();
            }
        }
        if (from <= s.length()) sb.append(s.substring(from));
        return sb.toString();
    }

    static long count(String s, String sub) {
        if (sub.isEmpty()) return s.codePointCount(0, s.length()) + 1L;
        long n = 0;
        for (int at = s.indexOf(sub); at >= 0; at = s.indexOf(sub, at + sub.length())) n++;
        return n;
    }

    /** Converts a UTF-16 index to Python's code point index; -1 stays -1. */
    static int codePointIndex(String s, int utf16Index) {
        return utf16Index < 0 ? -1 : s.codePointCount(0, utf16Index);
    }

    static String capitalize(String s) {
        if (s.isEmpty()) return s;
        int first = s.codePointAt(0);
        return new String(Character.toChars(Character.toTitleCase(first))).toUpperCase(Locale.ROOT)
                + s.substring(Character.charCount(first)).toLowerCase(Locale.ROOT);
    }

    static String swapcase(String s) {
        StringBuilder sb = new StringBuilder();
        s.codePoints().forEach(cp -> sb.appendCodePoint(
                Character.isUpperCase(cp) ? Character.toLowerCase(cp) : Character.isLowerCase(cp) ? Character.toUpperCase(cp) : cp));
        return sb.toString();
    }

    /** Python's {@code str.title}: a letter is uppercased when the previous character is not a letter. */
    static String pythonTitle(String s) {
        StringBuilder sb = new StringBuilder();
        boolean previousCased = false;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            boolean cased = Character.isLetter(cp);
            sb.appendCodePoint(cased ? (previousCased ? Character.toLowerCase(cp) : Character.toTitleCase(cp)) : cp);
            previousCased = cased;
            i += Character.charCount(cp);
        }
        return sb.toString();
    }

    /** Jinja's {@code title} filter: words start after whitespace, '-', or an opening bracket. */
    static String jinjaTitle(String s) {
        StringBuilder sb = new StringBuilder();
        Matcher m = JINJA_WORD_BEGINNING.matcher(s);
        int from = 0;
        while (m.find()) {
            appendCapitalizedWord(sb, s.substring(from, m.start()));
            sb.append(m.group());
            from = m.end();
        }
        appendCapitalizedWord(sb, s.substring(from));
        return sb.toString();
    }

    private static void appendCapitalizedWord(StringBuilder sb, String word) {
        if (word.isEmpty()) return;
        int first = word.codePointAt(0);
        sb.append(new String(Character.toChars(first)).toUpperCase(Locale.ROOT))
                .append(word.substring(Character.charCount(first)).toLowerCase(Locale.ROOT));
    }

    /** Python's {@code str.format} for {@code {}}, {@code {0}} and {@code {name}} fields with an optional simple spec. */
    static String format(String template, Args args) {
        StringBuilder sb = new StringBuilder();
        int auto = 0;
        for (int i = 0; i < template.length(); i++) {
            char c = template.charAt(i);
            if ((c == '{' || c == '}') && i + 1 < template.length() && template.charAt(i + 1) == c) {
                sb.append(c);
                i++;
            } else if (c == '{') {
                int close = template.indexOf('}', i);
                if (close < 0) throw new TemplateException("Single '{' encountered in format string");
                String field = template.substring(i + 1, close);
                String spec = "";
                int colon = field.indexOf(':');
                if (colon >= 0) {
                    spec = field.substring(colon + 1);
                    field = field.substring(0, colon);
                }
                Object value;
                if (field.isEmpty()) value = positional(args, auto++);
                else if (field.chars().allMatch(Character::isDigit)) value = positional(args, Integer.parseInt(field));
                else if (args.keywords().containsKey(field)) value = args.keywords().get(field);
                else throw new TemplateException("KeyError: '" + field + "'");
                sb.append(spec.isEmpty() ? Values.str(value) : formatSpec(value, spec));
                i = close;
            } else if (c == '}') {
                throw new TemplateException("Single '}' encountered in format string");
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static Object positional(Args args, int index) {
        if (index >= args.size()) throw new TemplateException("Replacement index " + index + " out of range for positional args tuple");
        return args.positional().get(index);
    }

    /** The common subset of Python's format-spec mini-language: {@code [[fill]align][0][width][.precision][type]}. */
    private static String formatSpec(Object value, String spec) {
        Matcher m = Pattern.compile("(?:(.)?([<>^]))?(0)?(\\d+)?(?:\\.(\\d+))?([sdfe%])?").matcher(spec);
        if (!m.matches()) throw new TemplateException("unsupported format spec '" + spec + "'");
        String type = m.group(6);
        Integer precision = m.group(5) == null ? null : Integer.parseInt(m.group(5));
        String body;
        if ("f".equals(type) || "e".equals(type) || "%".equals(type)) {
            double d = Values.toDouble(value) * ("%".equals(type) ? 100 : 1);
            body = String.format(Locale.ROOT, "%." + (precision == null ? 6 : precision) + ("e".equals(type) ? "e" : "f"), d)
                    + ("%".equals(type) ? "%" : "");
        } else if (precision != null && value instanceof String s) {
            body = s.substring(0, Math.min(s.length(), precision));
        } else if (precision != null && value instanceof Double d) {
            body = String.format(Locale.ROOT, "%." + precision + "g", d);
        } else {
            body = Values.str(value);
        }
        int width = m.group(4) == null ? 0 : Integer.parseInt(m.group(4));
        char fill = m.group(1) != null ? m.group(1).charAt(0) : m.group(3) != null ? '0' : ' ';
        char align = m.group(2) != null ? m.group(2).charAt(0) : (value instanceof String ? '<' : '>');
        return pad(body, width, fill, align);
    }

    private static String pad(String body, int width, char fill, char align) {
        int missing = width - body.codePointCount(0, body.length());
        if (missing <= 0) return body;
        String f = String.valueOf(fill);
        return switch (align) {
            case '<' -> body + f.repeat(missing);
            case '^' -> f.repeat(missing / 2) + body + f.repeat(missing - missing / 2);
            default -> f.repeat(missing) + body;
        };
    }

    /** Python's printf-style {@code format % args}, as used by the {@code %} operator and the {@code format} filter. */
    static String percentFormat(String format, Object args) {
        List<Object> positional = args instanceof Tuple t ? t : Collections.singletonList(args);
        Map<?, ?> named = args instanceof Map<?, ?> m ? m : null;
        StringBuilder sb = new StringBuilder();
        Matcher m = PERCENT_SPEC.matcher(format);
        int from = 0;
        int next = 0;
        while (m.find()) {
            sb.append(format, from, m.start());
            from = m.end();
            String conversion = m.group(5);
            if (conversion.equals("%")) {
                sb.append('%');
                continue;
            }
            Object value;
            if (m.group(1) != null) {
                if (named == null) throw new TemplateException("format requires a mapping");
                value = named.get(m.group(1));
            } else {
                if (next >= positional.size()) throw new TemplateException("not enough arguments for format string");
                value = positional.get(next++);
            }
            sb.append(percentConvert(value, m.group(2), m.group(3), m.group(4), conversion));
        }
        if (named == null && next < positional.size()) {
            throw new TemplateException("not all arguments converted during string formatting");
        }
        return sb.append(format.substring(from)).toString();
    }

    private static String percentConvert(Object value, String flags, String width, String precision, String conversion) {
        String body = switch (conversion) {
            case "s" -> Values.str(value);
            case "r" -> Values.repr(value);
            case "d", "i" -> Long.toString(requireNumber(value) instanceof Double d ? (long) d.doubleValue() : Values.toLong(value));
            case "x", "X", "o" -> {
                String digits = Long.toString(Values.toLong(requireNumber(value)), conversion.equals("o") ? 8 : 16);
                yield conversion.equals("X") ? digits.toUpperCase(Locale.ROOT) : digits;
            }
            case "c" -> value instanceof String s ? s : Character.toString((int) Values.toLong(value));
            default -> String.format(Locale.ROOT, "%." + (precision == null ? 6 : precision)
                    + conversion.replace("F", "f"), Values.toDouble(requireNumber(value)));
        };
        if (precision != null && conversion.matches("[sr]")) body = body.substring(0, Math.min(body.length(), Integer.parseInt(precision)));
        if (flags.contains("+") && conversion.matches("[difFeEgG]") && !body.startsWith("-")) body = "+" + body;
        int w = width == null || width.equals("*") ? 0 : Integer.parseInt(width);
        if (flags.contains("-")) return pad(body, w, ' ', '<');
        if (flags.contains("0") && !conversion.matches("[sr]")) {
            boolean negative = body.startsWith("-");
            String digits = negative ? body.substring(1) : body;
            return (negative ? "-" : "") + pad(digits, w - (negative ? 1 : 0), '0', '>');
        }
        return pad(body, w, ' ', '>');
    }

    private static Object requireNumber(Object value) {
        if (!Values.isNumber(value)) {
            throw new TemplateException("%d format: a real number is required, not " + Values.typeName(value));
        }
        return value instanceof Number n && !Values.isInteger(n) ? (Object) n.doubleValue() : value;
    }
}
