package dev.hearth.grammar;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Java regular expressions (the subset a context-free grammar expresses exactly) to grammar expressions. Characters
 * go through an encoder, so the same translation writes raw text (TGI's regex grammars) or the inside of a JSON
 * string (JSON Schema's {@code pattern}). Anything whose language would change is refused, never approximated the
 * wrong way: the language produced is always a subset of what {@link Pattern} accepts.
 */
final class RegexTranslator {
    /** Repetition counts above this are narrowed (maxima) or refused (minima): llama.cpp expands them into rules. */
    static final int MAX_COUNT = 1000;

    /** Java's {@code .} without DOTALL: anything but a line terminator. */
    static final CharSet DOT = CharSet.chars("\n\r\u0085\u2028\u2029").complement();
    static final CharSet DIGIT = CharSet.range('0', '9');
    static final CharSet WORD = DIGIT.union(CharSet.range('a', 'z')).union(CharSet.range('A', 'Z')).union(CharSet.of('_'));
    /** Java's {@code \s}. */
    static final CharSet SPACE = CharSet.chars(" \t\n\u000B\f\r");
    /**
     * {@code \S} excludes every character some dialect counts as a space (ECMA-262's {@code \s} is wider than
     * Java's), so its members are non-spaces for Java and for JSON Schema's own dialect alike.
     */
    static final CharSet NON_SPACE = SPACE.union(CharSet.chars("\u0085\u00A0\u1680\u2028\u2029\u202F\u205F\u3000\uFEFF"))
            .union(CharSet.range(0x2000, 0x200A)).complement();

    /** One top-level alternative, with whether it was anchored with {@code ^} and {@code $}. */
    record Branch(Expr body, boolean startAnchored, boolean endAnchored) {
    }

    private final String regex;
    private final int[] cps;
    private final Function<CharSet, Expr> encoder;
    private int pos;

    private RegexTranslator(String regex, Function<CharSet, Expr> encoder) {
        this.regex = regex;
        this.cps = regex.codePoints().toArray();
        this.encoder = encoder;
    }

    /** The top-level alternatives of {@code regex}; throws {@link InvalidRegexException}. */
    static List<Branch> translate(String regex, Function<CharSet, Expr> encoder) {
        try {
            Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new InvalidRegexException("invalid regular expression " + quoted(regex) + ": " + e.getDescription()
                    + (e.getIndex() >= 0 ? " near index " + e.getIndex() : ""));
        }
        RegexTranslator t = new RegexTranslator(regex, encoder);
        List<Branch> branches = new ArrayList<>();
        while (true) {
            boolean start = t.eat('^');
            Expr body = t.sequence(true);
            boolean end = t.eat('$');
            branches.add(new Branch(body, start, end));
            if (t.atEnd()) {
                return branches;
            }
            if (!t.eat('|')) {
                throw t.unsupported(t.peek() == '^' || t.peek() == '$'
                        ? "anchors ^ and $ only at the start and the end of the expression" : "this construct");
            }
        }
    }

    private Expr alternation() {
        List<Expr> options = new ArrayList<>();
        options.add(sequence(false));
        while (eat('|')) {
            options.add(sequence(false));
        }
        return Expr.alt(options);
    }

    /** Stops before {@code |}, {@code )} and the end; at the top level also before a final {@code $}. */
    private Expr sequence(boolean topLevel) {
        List<Expr> items = new ArrayList<>();
        while (!atEnd() && peek() != '|' && peek() != ')') {
            if (peek() == '$' && topLevel && (pos + 1 == cps.length || cps[pos + 1] == '|')) {
                break;
            }
            items.add(quantified(atom()));
        }
        return Expr.seq(items);
    }

    private Expr quantified(Expr atom) {
        while (!atEnd()) {
            int min;
            int max;
            int c = peek();
            if (c == '*') {
                min = 0;
                max = Expr.UNBOUNDED;
                pos++;
            } else if (c == '+') {
                min = 1;
                max = Expr.UNBOUNDED;
                pos++;
            } else if (c == '?') {
                min = 0;
                max = 1;
                pos++;
            } else if (c == '{') {
                int[] bounds = counted();
                min = bounds[0];
                max = bounds[1];
            } else {
                return atom;
            }
            if (eat('+')) {
                throw unsupported("possessive quantifiers");
            }
            eat('?'); // a lazy quantifier matches the same strings as a greedy one
            if (min > MAX_COUNT) {
                throw unsupported("repetition counts above " + MAX_COUNT);
            }
            atom = Expr.rep(atom, min, max == Expr.UNBOUNDED ? max : Math.min(max, MAX_COUNT));
        }
        return atom;
    }

    private int[] counted() {
        int start = pos;
        pos++;
        long min = number();
        long max = min;
        if (eat(',')) {
            max = !atEnd() && peek() == '}' ? Expr.UNBOUNDED : number();
        }
        if (min < 0 || !eat('}')) {
            pos = start;
            throw unsupported("a literal '{' (escape it as \\{)");
        }
        return new int[] {(int) Math.min(min, Integer.MAX_VALUE), (int) Math.min(max, Integer.MAX_VALUE)};
    }

    private long number() {
        long n = -1;
        while (!atEnd() && peek() >= '0' && peek() <= '9') {
            n = Math.max(n, 0) * 10 + (cps[pos++] - '0');
            n = Math.min(n, Integer.MAX_VALUE);
        }
        return n;
    }

    private Expr atom() {
        int c = cps[pos++];
        return switch (c) {
            case '(' -> group();
            case '[' -> encode(charClass());
            case '.' -> encode(DOT);
            case '\\' -> encode(escape(false));
            case '^', '$' -> {
                pos--;
                throw unsupported("anchors ^ and $ only at the start and the end of the expression");
            }
            default -> encode(CharSet.of(c));
        };
    }

    private Expr encode(CharSet set) {
        if (set.isEmpty()) {
            throw unsupported("a character class that matches nothing");
        }
        return encoder.apply(set);
    }

    private Expr group() {
        int start = pos - 1;
        if (eat('?')) {
            if (eat(':')) {
                // non-capturing
            } else if (peek() == '<' && pos + 1 < cps.length && Character.isLetter(cps[pos + 1])) {
                while (!atEnd() && peek() != '>') {
                    pos++;
                }
                pos++;
            } else {
                pos = start;
                String what = lookingAt("(?=") || lookingAt("(?!") ? "lookahead"
                        : lookingAt("(?<=") || lookingAt("(?<!") ? "lookbehind"
                        : lookingAt("(?>") ? "atomic groups" : "inline flags and special groups";
                throw unsupported(what);
            }
        }
        Expr inner = alternation();
        if (!eat(')')) {
            throw unsupported("this group");
        }
        return inner;
    }

    private CharSet charClass() {
        boolean negated = eat('^');
        CharSet set = CharSet.EMPTY;
        boolean first = true;
        while (!atEnd() && (peek() != ']' || first)) {
            first = false;
            if (peek() == '[' || lookingAt("&&")) {
                throw unsupported("nested classes and class intersections");
            }
            CharSet item = classAtom();
            if (peek() == '-' && pos + 1 < cps.length && cps[pos + 1] != ']') {
                pos++;
                CharSet upper = classAtom();
                if (item.single() < 0 || upper.single() < 0) {
                    throw unsupported("a range between character classes");
                }
                item = CharSet.range(item.single(), upper.single());
            }
            set = set.union(item);
        }
        if (!eat(']')) {
            throw unsupported("this character class");
        }
        return negated ? set.complement() : set;
    }

    private CharSet classAtom() {
        int c = cps[pos++];
        return c == '\\' ? escape(true) : CharSet.of(c);
    }

    /** After a backslash: a character or a predefined class. */
    private CharSet escape(boolean inClass) {
        int c = cps[pos++];
        return switch (c) {
            case 'd' -> DIGIT;
            case 'D' -> DIGIT.complement();
            case 'w' -> WORD;
            case 'W' -> WORD.complement();
            case 's' -> SPACE;
            case 'S' -> NON_SPACE;
            case 't' -> CharSet.of('\t');
            case 'n' -> CharSet.of('\n');
            case 'r' -> CharSet.of('\r');
            case 'f' -> CharSet.of('\f');
            case 'a' -> CharSet.of(0x07);
            case 'e' -> CharSet.of(0x1B);
            case 'x' -> CharSet.of(hexEscape());
            case 'u' -> CharSet.of(fixedHex(4));
            default -> {
                if (Character.isLetterOrDigit(c)) {
                    pos -= 2;
                    String what = c >= '1' && c <= '9' || c == 'k' ? "backreferences"
                            : c == 'b' || c == 'B' || c == 'A' || c == 'z' || c == 'Z' || c == 'G' ? "boundary matchers"
                            : "the escape \\" + Character.toString(c);
                    throw unsupported(what);
                }
                yield CharSet.of(c);
            }
        };
    }

    private int hexEscape() {
        if (eat('{')) {
            int start = pos;
            while (peek() != '}') {
                pos++;
            }
            int value = Integer.parseInt(new String(cps, start, pos - start), 16);
            pos++;
            return checkedCodePoint(value);
        }
        return fixedHex(2);
    }

    private int fixedHex(int digits) {
        int value = Integer.parseInt(new String(cps, pos, digits), 16);
        pos += digits;
        return checkedCodePoint(value);
    }

    private int checkedCodePoint(int value) {
        if (value >= 0xD800 && value <= 0xDFFF) {
            throw unsupported("surrogate code units");
        }
        return value;
    }

    private boolean lookingAt(String s) {
        int[] want = s.codePoints().toArray();
        if (pos + want.length > cps.length) {
            return false;
        }
        for (int i = 0; i < want.length; i++) {
            if (cps[pos + i] != want[i]) {
                return false;
            }
        }
        return true;
    }

    private boolean eat(int c) {
        if (!atEnd() && cps[pos] == c) {
            pos++;
            return true;
        }
        return false;
    }

    private int peek() {
        return cps[pos];
    }

    private boolean atEnd() {
        return pos >= cps.length;
    }

    private InvalidRegexException unsupported(String what) {
        int index = regex.offsetByCodePoints(0, Math.min(pos, cps.length));
        return new InvalidRegexException("regular expression " + quoted(regex) + " uses " + what
                + " at index " + index + ", which a grammar cannot express");
    }

    private static String quoted(String regex) {
        return "'" + (regex.length() > 200 ? regex.substring(0, 200) + "..." : regex) + "'";
    }
}
