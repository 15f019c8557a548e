package dev.hearth.grammar;

import java.util.ArrayList;
import java.util.List;

/**
 * A grammar expression, the model this module builds before rendering GBNF text. Kept small: literals, character
 * sets, rule references, sequences, alternatives and bounded or unbounded repetition.
 */
sealed interface Expr {
    /** {@link Rep#max} of an unbounded repetition. */
    int UNBOUNDED = -1;

    Expr EMPTY = new Lit("");

    record Lit(String text) implements Expr {
    }

    record Chars(CharSet set) implements Expr {
        public Chars {
            if (set.isEmpty()) {
                throw new IllegalArgumentException("an empty character set matches nothing");
            }
        }
    }

    record Ref(String rule) implements Expr {
    }

    record Seq(List<Expr> items) implements Expr {
        public Seq {
            items = List.copyOf(items);
        }
    }

    record Alt(List<Expr> options) implements Expr {
        public Alt {
            options = List.copyOf(options);
        }
    }

    record Rep(Expr item, int min, int max) implements Expr {
        public Rep {
            if (min < 0 || (max != UNBOUNDED && max < min)) {
                throw new IllegalArgumentException("bad repetition {" + min + "," + max + "}");
            }
        }
    }

    static Expr lit(String text) {
        return new Lit(text);
    }

    static Expr chars(CharSet set) {
        return new Chars(set);
    }

    static Expr ref(String rule) {
        return new Ref(rule);
    }

    /** A sequence, flattened, without empty literals, and with adjacent literals joined. */
    static Expr seq(Expr... items) {
        return seq(List.of(items));
    }

    static Expr seq(List<Expr> items) {
        List<Expr> out = new ArrayList<>();
        for (Expr e : items) {
            List<Expr> parts = e instanceof Seq s ? s.items() : List.of(e);
            for (Expr p : parts) {
                if (p instanceof Lit l && l.text().isEmpty()) {
                    continue;
                }
                if (p instanceof Lit l && !out.isEmpty() && out.getLast() instanceof Lit prev) {
                    out.set(out.size() - 1, new Lit(prev.text() + l.text()));
                } else {
                    out.add(p);
                }
            }
        }
        if (out.isEmpty()) {
            return EMPTY;
        }
        return out.size() == 1 ? out.getFirst() : new Seq(out);
    }

    /** Alternatives, flattened; one option is the option itself. */
    static Expr alt(List<Expr> options) {
        List<Expr> out = new ArrayList<>();
        for (Expr e : options) {
            for (Expr o : e instanceof Alt a ? a.options() : List.of(e)) {
                if (!out.contains(o)) {
                    out.add(o);
                }
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("no alternative");
        }
        return out.size() == 1 ? out.getFirst() : new Alt(out);
    }

    static Expr alt(Expr... options) {
        return alt(List.of(options));
    }

    static Expr rep(Expr item, int min, int max) {
        if (max == 0 || item.equals(EMPTY)) {
            return EMPTY;
        }
        if (min == 1 && max == 1) {
            return item;
        }
        return new Rep(item, min, max);
    }

    static Expr opt(Expr item) {
        return rep(item, 0, 1);
    }
}
