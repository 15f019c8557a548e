package dev.hearth.grammar;

import dev.hearth.grammar.GbnfInterpreter.Alt;
import dev.hearth.grammar.GbnfInterpreter.Cls;
import dev.hearth.grammar.GbnfInterpreter.Lit;
import dev.hearth.grammar.GbnfInterpreter.Node;
import dev.hearth.grammar.GbnfInterpreter.Ref;
import dev.hearth.grammar.GbnfInterpreter.Rep;
import dev.hearth.grammar.GbnfInterpreter.Seq;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** Whether a string derives from a rule of a parsed grammar: sets of end positions, memoised per rule and position. */
final class GbnfRecognizer {
    private final Map<String, Node> rules;
    private final int[] input;
    private final Map<String, Set<Integer>> memo = new HashMap<>();

    GbnfRecognizer(Map<String, Node> rules, int[] input) {
        this.rules = rules;
        this.input = input;
    }

    /** The positions where a match of {@code n} starting at {@code at} can end. */
    Set<Integer> ends(Node n, int at) {
        return switch (n) {
            case Lit l -> {
                int[] cps = l.cps();
                if (at + cps.length > input.length) {
                    yield Set.of();
                }
                for (int i = 0; i < cps.length; i++) {
                    if (input[at + i] != cps[i]) {
                        yield Set.of();
                    }
                }
                yield Set.of(at + cps.length);
            }
            case Cls c -> at < input.length && c.matches(input[at]) ? Set.of(at + 1) : Set.of();
            case Ref r -> {
                String key = r.name() + "@" + at;
                Set<Integer> known = memo.get(key);
                if (known == null) {
                    memo.put(key, Set.of()); // a left recursion finds nothing more (llama.cpp refuses those)
                    known = ends(rules.get(r.name()), at);
                    memo.put(key, known);
                }
                yield known;
            }
            case Seq s -> {
                Set<Integer> current = Set.of(at);
                for (Node item : s.items()) {
                    current = step(item, current);
                    if (current.isEmpty()) {
                        break;
                    }
                }
                yield current;
            }
            case Alt a -> {
                Set<Integer> out = new HashSet<>();
                a.options().forEach(o -> out.addAll(ends(o, at)));
                yield out;
            }
            case Rep r -> repeat(r, at);
        };
    }

    private Set<Integer> step(Node n, Set<Integer> from) {
        Set<Integer> out = new HashSet<>();
        for (int p : from) {
            out.addAll(ends(n, p));
        }
        return out;
    }

    private Set<Integer> repeat(Rep r, int at) {
        Set<Integer> current = Set.of(at);
        for (int i = 0; i < r.min() && !current.isEmpty(); i++) {
            current = step(r.item(), current);
        }
        Set<Integer> out = new HashSet<>(current);
        Set<Integer> frontier = current;
        for (int i = r.min(); (r.max() == GbnfInterpreter.UNBOUNDED || i < r.max()) && !frontier.isEmpty(); i++) {
            Set<Integer> next = step(r.item(), frontier);
            if (r.max() == GbnfInterpreter.UNBOUNDED) {
                next.removeAll(out);
            } else if (next.equals(frontier)) {
                break;
            }
            out.addAll(next);
            frontier = next;
        }
        return out;
    }
}
