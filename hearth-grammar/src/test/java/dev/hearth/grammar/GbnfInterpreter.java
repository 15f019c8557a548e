package dev.hearth.grammar;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * A GBNF interpreter for tests, written from llama.cpp's grammar guide and independent of the production renderer:
 * it parses grammar text (rules, literals with escapes, character classes, {@code .}, groups, alternatives,
 * {@code * + ? {m} {m,} {m,n}}, comments), generates random strings from it with a seeded {@link Random} and bounded
 * depth, and recognises whether a string belongs to the language.
 */
final class GbnfInterpreter {
    sealed interface Node {
    }

    record Lit(int[] cps) implements Node {
    }

    /** Ranges as pairs; {@code negated} classes match any code point outside them. */
    record Cls(List<int[]> ranges, boolean negated) implements Node {
        boolean matches(int c) {
            boolean in = false;
            for (int[] r : ranges) {
                in |= c >= r[0] && c <= r[1];
            }
            return in != negated;
        }
    }

    record Ref(String name) implements Node {
    }

    record Seq(List<Node> items) implements Node {
    }

    record Alt(List<Node> options) implements Node {
    }

    record Rep(Node item, int min, int max) implements Node {
    }

    static final int UNBOUNDED = -1;

    /** Characters a random walk picks from when a class is wide: escapes, controls, non-ASCII, astral. */
    private static final int[] POOL = ("aZz09 _-.,:;{}[]\"\\/'\n\r\t\u0000\u0001\u001f\u007f\u0085\u00a0\u00e9\u4e2d"
            + "\u2028\u3000\ud83d\ude00xyzABCabc").codePoints().toArray();

    /** llama.cpp's MAX_REPETITION_THRESHOLD: its parser refuses repetitions that would expand past it. */
    private static final int LLAMA_REPETITION_THRESHOLD = 2000;

    final Map<String, Node> rules = new LinkedHashMap<>();
    /** Symbol ids llama.cpp's parser would have made so far: rule names seen, groups, repetition rules. */
    private final Set<String> namesSeen = new HashSet<>();
    private long symbols;
    private final Map<String, Integer> heights = new HashMap<>();
    private final String text;
    private int pos;

    private GbnfInterpreter(String text) {
        this.text = text;
    }

    static GbnfInterpreter parse(String text) {
        GbnfInterpreter g = new GbnfInterpreter(text);
        g.parseRules();
        g.checkReferences();
        g.computeHeights();
        return g;
    }

    // ---------------------------------------------------------------- parsing

    private void parseRules() {
        skipSpace(true);
        while (pos < text.length()) {
            String name = name();
            symbolId(name);
            skipSpace(false);
            expect("::=");
            skipSpace(true);
            Node body = alternatives(false);
            if (rules.put(name, body) != null) {
                throw error("rule " + name + " defined twice");
            }
            skipSpace(false);
            if (pos < text.length() && text.charAt(pos) != '\n' && text.charAt(pos) != '\r') {
                throw error("expected the end of rule " + name);
            }
            skipSpace(true);
        }
        if (!rules.containsKey("root")) {
            throw error("no root rule");
        }
    }

    private Node alternatives(boolean nested) {
        List<Node> options = new ArrayList<>();
        options.add(sequence(nested));
        while (pos < text.length() && text.charAt(pos) == '|') {
            pos++;
            skipSpace(true);
            options.add(sequence(nested));
        }
        return options.size() == 1 ? options.getFirst() : new Alt(options);
    }

    private void symbolId(String name) {
        if (namesSeen.add(name)) {
            symbols++;
        }
    }

    /**
     * As llama.cpp's parse_sequence: each atom counts the rules it expands into (one, or for a group every symbol
     * made while parsing it), and a repetition is refused when that count times its own count reaches the threshold.
     */
    private Node sequence(boolean nested) {
        List<Node> items = new ArrayList<>();
        while (pos < text.length()) {
            char c = text.charAt(pos);
            Node atom;
            long nPrev = 1;
            if (c == '"') {
                atom = literal();
            } else if (c == '[') {
                atom = charClass();
            } else if (c == '.') {
                pos++;
                atom = new Cls(List.of(), true);
            } else if (c == '(') {
                pos++;
                skipSpace(true);
                long before = symbols;
                symbols++;
                atom = alternatives(true);
                nPrev = Math.max(1, symbols - before);
                skipSpace(true);
                expect(")");
            } else if (isNameChar(c)) {
                String name = name();
                symbolId(name);
                atom = new Ref(name);
            } else {
                break;
            }
            atom = quantifiers(atom, nPrev);
            items.add(atom);
            skipSpace(nested);
        }
        return items.size() == 1 ? items.getFirst() : new Seq(items);
    }

    private Node quantifiers(Node atom, long nPrev) {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == '*') {
                atom = new Rep(atom, 0, UNBOUNDED);
            } else if (c == '+') {
                atom = new Rep(atom, 1, UNBOUNDED);
            } else if (c == '?') {
                atom = new Rep(atom, 0, 1);
            } else if (c == '{') {
                pos++;
                int min = integer();
                int max = min;
                if (text.charAt(pos) == ',') {
                    pos++;
                    max = text.charAt(pos) == '}' ? UNBOUNDED : integer();
                }
                if (text.charAt(pos) != '}') {
                    throw error("bad repetition");
                }
                if (min > LLAMA_REPETITION_THRESHOLD) {
                    throw error("llama.cpp refuses: number of repetitions exceeds sane defaults");
                }
                atom = new Rep(atom, min, max);
            } else {
                return atom;
            }
            Rep rep = (Rep) atom;
            boolean bounded = rep.max() != UNBOUNDED && rep.max() <= LLAMA_REPETITION_THRESHOLD;
            long total = bounded && rep.max() > 0 ? rep.max() : Math.max(rep.min(), 1);
            if (nPrev * total >= LLAMA_REPETITION_THRESHOLD) {
                throw error("llama.cpp refuses: rules repeated (" + nPrev + ") times the repetition (" + total
                        + ") exceed sane defaults");
            }
            symbols += bounded ? rep.max() - rep.min() : 1;
            nPrev *= total;
            pos++;
        }
        return atom;
    }

    private Node literal() {
        pos++;
        List<Integer> cps = new ArrayList<>();
        while (text.charAt(pos) != '"') {
            cps.add(character());
        }
        pos++;
        return new Lit(cps.stream().mapToInt(Integer::intValue).toArray());
    }

    private Node charClass() {
        pos++;
        boolean negated = false;
        if (text.charAt(pos) == '^') {
            negated = true;
            pos++;
        }
        List<int[]> ranges = new ArrayList<>();
        while (text.charAt(pos) != ']') {
            int from = character();
            int to = from;
            if (text.charAt(pos) == '-' && text.charAt(pos + 1) != ']') {
                pos++;
                to = character();
            }
            if (to < from) {
                throw error("reversed range");
            }
            ranges.add(new int[] {from, to});
        }
        pos++;
        return new Cls(ranges, negated);
    }

    private int character() {
        int c = text.codePointAt(pos);
        pos += Character.charCount(c);
        if (c != '\\') {
            return c;
        }
        char e = text.charAt(pos++);
        return switch (e) {
            case 'x' -> hex(2);
            case 'u' -> hex(4);
            case 'U' -> hex(8);
            case 't' -> '\t';
            case 'n' -> '\n';
            case 'r' -> '\r';
            case '\\', '"', '[', ']' -> e;
            default -> throw error("unknown escape \\" + e);
        };
    }

    private int hex(int digits) {
        int v = Integer.parseInt(text.substring(pos, pos + digits), 16);
        pos += digits;
        return v;
    }

    private int integer() {
        int start = pos;
        while (Character.isDigit(text.charAt(pos))) {
            pos++;
        }
        return Integer.parseInt(text.substring(start, pos));
    }

    private String name() {
        int start = pos;
        while (pos < text.length() && isNameChar(text.charAt(pos))) {
            pos++;
        }
        if (start == pos) {
            throw error("expected a rule name");
        }
        return text.substring(start, pos);
    }

    private static boolean isNameChar(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_';
    }

    private void skipSpace(boolean newlines) {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == '#') {
                while (pos < text.length() && text.charAt(pos) != '\n') {
                    pos++;
                }
            } else if (c == ' ' || c == '\t' || (newlines && (c == '\n' || c == '\r'))) {
                pos++;
            } else {
                return;
            }
        }
    }

    private void expect(String s) {
        if (!text.startsWith(s, pos)) {
            throw error("expected '" + s + "'");
        }
        pos += s.length();
    }

    private IllegalArgumentException error(String message) {
        return new IllegalArgumentException(message + " at offset " + pos + " in grammar:\n" + text);
    }

    private void checkReferences() {
        for (Node body : rules.values()) {
            forEachRef(body, name -> {
                if (!rules.containsKey(name)) {
                    throw new IllegalArgumentException("undefined rule " + name + " in grammar:\n" + text);
                }
            });
        }
    }

    private static void forEachRef(Node n, java.util.function.Consumer<String> action) {
        switch (n) {
            case Ref r -> action.accept(r.name());
            case Seq s -> s.items().forEach(i -> forEachRef(i, action));
            case Alt a -> a.options().forEach(o -> forEachRef(o, action));
            case Rep r -> forEachRef(r.item(), action);
            default -> {
            }
        }
    }

    // ---------------------------------------------------------------- generation

    /** The least derivation height of each rule; a rule with none never finishes. */
    private void computeHeights() {
        boolean changed = true;
        while (changed) {
            changed = false;
            for (var e : rules.entrySet()) {
                int h = height(e.getValue());
                if (h < heights.getOrDefault(e.getKey(), Integer.MAX_VALUE)) {
                    heights.put(e.getKey(), h);
                    changed = true;
                }
            }
        }
    }

    private int height(Node n) {
        return switch (n) {
            case Lit l -> 0;
            case Cls c -> 0;
            case Ref r -> heights.containsKey(r.name()) ? heights.get(r.name()) + 1 : Integer.MAX_VALUE;
            case Seq s -> s.items().stream().mapToInt(this::height).max().orElse(0);
            case Alt a -> a.options().stream().mapToInt(this::height).min().orElseThrow();
            case Rep r -> r.min() == 0 ? 0 : height(r.item());
        };
    }

    boolean everyRuleFinishes() {
        return heights.keySet().containsAll(rules.keySet());
    }

    /** A random string of the language; past {@code maxDepth} rule expansions, the shortest way out is taken. */
    String generate(Random random, int maxDepth) {
        StringBuilder out = new StringBuilder();
        generate(rules.get("root"), random, 0, maxDepth, out);
        return out.toString();
    }

    private void generate(Node n, Random random, int depth, int maxDepth, StringBuilder out) {
        boolean cheap = depth >= maxDepth;
        switch (n) {
            case Lit l -> {
                for (int c : l.cps()) {
                    out.appendCodePoint(c);
                }
            }
            case Cls c -> out.appendCodePoint(pick(c, random));
            case Ref r -> generate(rules.get(r.name()), random, depth + 1, maxDepth, out);
            case Seq s -> s.items().forEach(i -> generate(i, random, depth, maxDepth, out));
            case Alt a -> {
                Node choice;
                if (cheap) {
                    choice = a.options().stream().min(java.util.Comparator.comparingInt(this::height)).orElseThrow();
                } else {
                    List<Node> finishing = a.options().stream().filter(o -> height(o) != Integer.MAX_VALUE).toList();
                    choice = finishing.get(random.nextInt(finishing.size()));
                }
                generate(choice, random, depth, maxDepth, out);
            }
            case Rep r -> {
                int count = r.min();
                if (!cheap && height(r.item()) != Integer.MAX_VALUE) {
                    int room = r.max() == UNBOUNDED ? 4 : Math.min(r.max() - r.min(), 4);
                    count += random.nextInt(room + 1);
                    if (r.max() != UNBOUNDED && r.max() - r.min() <= 40 && random.nextInt(8) == 0) {
                        count = r.max();
                    }
                }
                for (int i = 0; i < count; i++) {
                    generate(r.item(), random, depth, maxDepth, out);
                }
            }
        }
    }

    private static int pick(Cls c, Random random) {
        List<Integer> fromPool = new ArrayList<>();
        for (int p : POOL) {
            if (c.matches(p)) {
                fromPool.add(p);
            }
        }
        if (!c.negated() && (fromPool.isEmpty() || random.nextBoolean())) {
            int[] r = c.ranges().get(random.nextInt(c.ranges().size()));
            int cp = r[0] + random.nextInt(r[1] - r[0] + 1);
            if (cp < 0xD800 || cp > 0xDFFF) {
                return cp;
            }
        }
        if (fromPool.isEmpty()) {
            for (int cp = 0x20; ; cp++) {
                if (c.matches(cp)) {
                    return cp;
                }
            }
        }
        return fromPool.get(random.nextInt(fromPool.size()));
    }

    // ---------------------------------------------------------------- recognition

    /** Whether the whole of {@code s} derives from {@code root}. */
    boolean accepts(String s) {
        int[] cps = s.codePoints().toArray();
        return new GbnfRecognizer(rules, cps).ends(rules.get("root"), 0).contains(cps.length);
    }
}
