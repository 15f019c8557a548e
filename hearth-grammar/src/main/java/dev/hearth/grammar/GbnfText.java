package dev.hearth.grammar;

import java.util.stream.Collectors;

/**
 * GBNF text of an {@link Expr}. Everything outside printable ASCII is written as an escape, so the text is ASCII and
 * survives any transport; a character set is written negated when that is shorter.
 */
final class GbnfText {
    private GbnfText() {
    }

    static String render(Expr e) {
        return switch (e) {
            case Expr.Lit l -> literal(l.text());
            case Expr.Chars c -> charClass(c.set());
            case Expr.Ref r -> r.rule();
            case Expr.Seq s -> s.items().stream().map(GbnfText::atomOrAlt).collect(Collectors.joining(" "));
            case Expr.Alt a -> alternatives(a);
            case Expr.Rep r -> atom(r.item()) + quantifier(r.min(), r.max());
        };
    }

    private static String alternatives(Expr.Alt a) {
        boolean hasEmpty = a.options().contains(Expr.EMPTY);
        String body = a.options().stream().filter(o -> !o.equals(Expr.EMPTY))
                .map(GbnfText::render).collect(Collectors.joining(" | "));
        return hasEmpty ? "(" + body + ")?" : body;
    }

    /** Inside a sequence, alternatives need parentheses. */
    private static String atomOrAlt(Expr e) {
        return e instanceof Expr.Alt a && !a.options().contains(Expr.EMPTY) ? "(" + render(e) + ")" : render(e);
    }

    /** Under a quantifier, anything but a single symbol needs parentheses. */
    private static String atom(Expr e) {
        return switch (e) {
            case Expr.Chars c -> render(e);
            case Expr.Ref r -> render(e);
            case Expr.Lit l when l.text().codePointCount(0, l.text().length()) == 1 -> render(e);
            default -> "(" + render(e) + ")";
        };
    }

    private static String quantifier(int min, int max) {
        if (max == Expr.UNBOUNDED) {
            return min == 0 ? "*" : min == 1 ? "+" : "{" + min + ",}";
        }
        if (min == 0 && max == 1) {
            return "?";
        }
        return min == max ? "{" + min + "}" : "{" + min + "," + max + "}";
    }

    static String literal(String text) {
        StringBuilder out = new StringBuilder("\"");
        text.codePoints().forEach(c -> {
            if (c == '"' || c == '\\') {
                out.append('\\').append((char) c);
            } else {
                out.append(printable(c) ? String.valueOf((char) c) : escape(c));
            }
        });
        return out.append('"').toString();
    }

    private static String charClass(CharSet set) {
        CharSet complement = set.complement();
        boolean negate = !complement.isEmpty() && complement.ranges().size() < set.ranges().size();
        CharSet shown = negate ? complement : set;
        StringBuilder out = new StringBuilder(negate ? "[^" : "[");
        for (CharSet.Range r : shown.ranges()) {
            out.append(classChar(r.from()));
            if (r.to() > r.from()) {
                if (r.to() > r.from() + 1) {
                    out.append('-');
                }
                out.append(classChar(r.to()));
            }
        }
        return out.append(']').toString();
    }

    private static String classChar(int c) {
        return Character.isLetterOrDigit(c) && c < 0x80 ? String.valueOf((char) c) : escape(c);
    }

    private static boolean printable(int c) {
        return c >= 0x20 && c < 0x7F;
    }

    private static String escape(int c) {
        if (c <= 0xFF) {
            return String.format("\\x%02X", c);
        }
        return c <= 0xFFFF ? String.format("\\u%04X", c) : String.format("\\U%08X", c);
    }
}
