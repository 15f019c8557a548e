package dev.hearth.chat;

import dev.hearth.chat.Token.Kind;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits a template into text and tag tokens the way Jinja's lexer does with
 * {@code trim_blocks=True} and {@code lstrip_blocks=True}, as transformers configures it.
 *
 * <p>Whitespace rules, all applied here so that the parser never sees them:
 * <ul>
 *   <li>{@code {%-}, {@code {{-}, {@code {#-} remove all whitespace before the tag;
 *       {@code -%}}, {@code -}}}, {@code -#}} remove all whitespace after it.</li>
 *   <li>trim_blocks: one newline directly after {@code %}} or {@code #}} is removed
 *       ({@code +%}} opts out); never after {@code }}}.</li>
 *   <li>lstrip_blocks: spaces and tabs between the start of a line and {@code {%} or {@code {#}
 *       are removed ({@code {%+} opts out); never before {@code {{}.</li>
 * </ul>
 */
final class Lexer {
    private static final Pattern RAW_BEGIN = Pattern.compile("\\G\\s*raw\\s*(-%}\\s*|%})");
    private static final Pattern RAW_END = Pattern.compile("\\{%([-+]?)\\s*endraw\\s*(\\+%}|-%}\\s*|%}\\n?)");
    private static final Pattern NAME = Pattern.compile("\\G[a-zA-Z_][a-zA-Z0-9_]*");
    private static final Pattern FLOAT = Pattern.compile(
            "\\G(?<!\\.)(\\d+_)*\\d+((\\.(\\d+_)*\\d+)?[eE][+\\-]?(\\d+_)*\\d+|\\.(\\d+_)*\\d+)");
    private static final Pattern INTEGER = Pattern.compile("\\G(0[bB](_?[01])+|0[oO](_?[0-7])+|0[xX](_?[\\da-fA-F])+|[1-9](_?\\d)*|0(_?0)*)");
    private static final String[] OPERATORS = {
        "//", "**", "==", "!=", "<=", ">=", "+", "-", "/", "*", "%", "~", "[", "]", "(", ")", "{", "}",
        "<", ">", "=", ".", ":", "|", ",", ";"
    };

    private final String src;
    private final SourcePosition positions;
    private final List<Token> tokens = new ArrayList<>();
    private int pos;
    /** True when the last consumed tag ended a line, which lets lstrip_blocks apply to text with no newline. */
    private boolean lineStarting = true;

    private Lexer(String src) {
        this.src = src;
        this.positions = new SourcePosition(src);
    }

    /**
     * Jinja normalizes every line ending to {@code \n} and, without keep_trailing_newline (which
     * transformers leaves off), drops one trailing newline of the template.
     */
    static String normalize(String source) {
        String s = source.replace("\r\n", "\n").replace('\r', '\n');
        return s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
    }

    /** Tokenizes an already {@linkplain #normalize normalized} source. */
    static List<Token> tokenize(String source) {
        Lexer lexer = new Lexer(source);
        lexer.run();
        return lexer.tokens;
    }

    private void run() {
        while (pos < src.length()) {
            int tag = nextTagStart(pos);
            if (tag < 0) {
                emitText(src.substring(pos), pos);
                pos = src.length();
                break;
            }
            char kind = src.charAt(tag + 1);
            char sign = tag + 2 < src.length() ? src.charAt(tag + 2) : 0;
            boolean hasSign = sign == '-' || (sign == '+' && kind != '{');
            String text = stripBeforeTag(src.substring(pos, tag), hasSign ? sign : 0, kind != '{');
            emitText(text, pos);
            int inner = tag + 2 + (hasSign ? 1 : 0);
            switch (kind) {
                case '#' -> lexComment(tag, inner);
                case '%' -> {
                    Matcher raw = RAW_BEGIN.matcher(src).region(inner, src.length());
                    if (raw.lookingAt()) lexRaw(tag, raw.end());
                    else lexTag(tag, inner, Kind.BLOCK_BEGIN, Kind.BLOCK_END, "%}");
                }
                default -> lexTag(tag, inner, Kind.VARIABLE_BEGIN, Kind.VARIABLE_END, "}}");
            }
        }
        tokens.add(new Token(Kind.EOF, "", src.length()));
    }

    private int nextTagStart(int from) {
        int i = src.indexOf('{', from);
        while (i >= 0 && i + 1 < src.length()) {
            char c = src.charAt(i + 1);
            if (c == '{' || c == '%' || c == '#') return i;
            i = src.indexOf('{', i + 1);
        }
        return -1;
    }

    private String stripBeforeTag(String text, char sign, boolean lstripApplies) {
        if (sign == '-') return text.stripTrailing();
        if (sign == '+' || !lstripApplies) return text;
        int lineStart = text.lastIndexOf('\n') + 1;
        if (lineStart > 0 || lineStarting) {
            String tail = text.substring(lineStart);
            if (!tail.isEmpty() && tail.isBlank()) return text.substring(0, lineStart);
        }
        return text;
    }

    private void emitText(String text, int offset) {
        if (!text.isEmpty()) tokens.add(new Token(Kind.TEXT, text, offset));
    }

    private void lexComment(int tag, int inner) {
        int end = src.indexOf("#}", inner);
        if (end < 0) throw error("Missing end of comment tag", tag);
        char before = end > inner ? src.charAt(end - 1) : 0;
        finishTag(end + 2, before == '-' ? '-' : before == '+' ? '+' : 0, true);
    }

    private void lexRaw(int tag, int bodyStart) {
        Matcher end = RAW_END.matcher(src);
        if (!end.find(bodyStart)) throw error("Missing end of raw directive", tag);
        lineStarting = src.charAt(bodyStart - 1) == '\n';
        String sign = end.group(1);
        emitText(stripBeforeTag(src.substring(bodyStart, end.start()), sign.isEmpty() ? 0 : sign.charAt(0), true), bodyStart);
        pos = end.end();
        lineStarting = src.charAt(pos - 1) == '\n';
    }

    private void lexTag(int tag, int inner, Kind begin, Kind endKind, String closer) {
        tokens.add(new Token(begin, src.substring(tag, inner), tag));
        Deque<Character> brackets = new ArrayDeque<>();
        int i = inner;
        while (true) {
            while (i < src.length() && Character.isWhitespace(src.charAt(i))) i++;
            if (i >= src.length()) {
                throw error("unexpected end of template, expected '"
                        + (closer.equals("}}") ? "end of print statement" : "end of statement block") + "'", tag);
            }
            if (brackets.isEmpty()) {
                int closeAt = closerAt(i, closer);
                if (closeAt >= 0) {
                    char sign = closeAt > i ? src.charAt(i) : 0;
                    tokens.add(new Token(endKind, closer, i));
                    finishTag(closeAt + 2, sign, endKind == Kind.BLOCK_END);
                    return;
                }
            }
            i = lexExpressionToken(i, brackets);
        }
    }

    /** Returns the offset of the closer at {@code i}, allowing one leading whitespace-control sign; -1 if absent. */
    private int closerAt(int i, String closer) {
        if (src.startsWith(closer, i)) return i;
        char c = src.charAt(i);
        if ((c == '-' || (c == '+' && closer.equals("%}"))) && src.startsWith(closer, i + 1)) return i + 1;
        return -1;
    }

    private void finishTag(int after, char sign, boolean trimBlocks) {
        pos = after;
        if (sign == '-') {
            while (pos < src.length() && Character.isWhitespace(src.charAt(pos))) pos++;
        } else if (sign != '+' && trimBlocks && pos < src.length() && src.charAt(pos) == '\n') {
            pos++;
        }
        lineStarting = src.charAt(pos - 1) == '\n';
    }

    private int lexExpressionToken(int i, Deque<Character> brackets) {
        char c = src.charAt(i);
        if (c == '\'' || c == '"') return lexString(i);
        Matcher m = NAME.matcher(src).region(i, src.length());
        if (m.lookingAt()) {
            tokens.add(new Token(Kind.NAME, m.group(), i));
            return m.end();
        }
        m = FLOAT.matcher(src).region(i, src.length()).useTransparentBounds(true);
        if (Character.isDigit(c) && m.lookingAt()) {
            tokens.add(new Token(Kind.FLOAT, m.group().replace("_", ""), i));
            return m.end();
        }
        m = INTEGER.matcher(src).region(i, src.length());
        if (Character.isDigit(c) && m.lookingAt()) {
            tokens.add(new Token(Kind.INTEGER, m.group().replace("_", ""), i));
            return m.end();
        }
        for (String op : OPERATORS) {
            if (src.startsWith(op, i)) {
                trackBracket(op.charAt(0), brackets, i);
                tokens.add(new Token(Kind.OPERATOR, op, i));
                return i + op.length();
            }
        }
        throw error("unexpected char '" + c + "'", i);
    }

    private void trackBracket(char c, Deque<Character> brackets, int at) {
        switch (c) {
            case '(' -> brackets.push(')');
            case '[' -> brackets.push(']');
            case '{' -> brackets.push('}');
            case ')', ']', '}' -> {
                if (brackets.isEmpty()) throw error("unexpected '" + c + "'", at);
                char expected = brackets.pop();
                if (expected != c) throw error("unexpected '" + c + "', expected '" + expected + "'", at);
            }
            default -> { }
        }
    }

    private int lexString(int start) {
        char quote = src.charAt(start);
        StringBuilder sb = new StringBuilder();
        int i = start + 1;
        while (i < src.length()) {
            char c = src.charAt(i);
            if (c == quote) {
                tokens.add(new Token(Kind.STRING, sb.toString(), start));
                return i + 1;
            }
            if (c == '\\' && i + 1 < src.length()) {
                i = unescape(i + 1, sb);
            } else {
                sb.append(c);
                i++;
            }
        }
        throw error("unterminated string literal", start);
    }

    /** Python's unicode-escape decoding of one escape sequence; unknown escapes keep their backslash, as Python does. */
    private int unescape(int i, StringBuilder sb) {
        char e = src.charAt(i);
        switch (e) {
            case 'n' -> sb.append('\n');
            case 't' -> sb.append('\t');
            case 'r' -> sb.append('\r');
            case 'b' -> sb.append('\b');
            case 'f' -> sb.append('\f');
            case 'v' -> sb.append('\u000b');
            case 'a' -> sb.append('\u0007');
            case '0' -> sb.append('\0');
            case '\\', '\'', '"' -> sb.append(e);
            case '\n' -> { }
            case 'x', 'u', 'U' -> {
                int digits = e == 'x' ? 2 : e == 'u' ? 4 : 8;
                if (i + digits >= src.length()) throw error("truncated \\" + e + " escape", i);
                String hex = src.substring(i + 1, i + 1 + digits);
                try {
                    sb.appendCodePoint(Integer.parseInt(hex, 16));
                } catch (IllegalArgumentException ex) {
                    throw error("truncated \\" + e + " escape", i);
                }
                return i + 1 + digits;
            }
            default -> sb.append('\\').append(e);
        }
        return i + 1;
    }

    private TemplateException error(String message, int offset) {
        return new TemplateException(message + " (" + positions.describe(offset) + ")");
    }
}
