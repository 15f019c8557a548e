package dev.hearth.grammar;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The named rules of a grammar under construction. Names are made unique here; {@link #toGbnf} drops alternatives
 * that can never finish (a required recursion), refuses a grammar with no finite string or with a left recursion
 * (llama.cpp's parser refuses those), and renders GBNF text with one rule per line.
 */
final class Rules {
    private final Map<String, Expr> rules = new LinkedHashMap<>();
    private final Set<String> names = new HashSet<>();

    Rules() {
        names.add("root");
    }

    /** A fresh rule name derived from {@code hint}, defined later with {@link #define(String, Expr)}. */
    String reserve(String hint) {
        String base = sanitize(hint);
        String name = base;
        for (int i = 2; !names.add(name); i++) {
            name = base + "-" + i;
        }
        return name;
    }

    void define(String name, Expr body) {
        if (!name.equals("root") && !names.contains(name)) {
            throw new IllegalStateException("rule " + name + " was not reserved");
        }
        rules.put(name, body);
    }

    /** Defines a fresh rule and returns a reference to it. */
    Expr add(String hint, Expr body) {
        String name = reserve(hint);
        define(name, body);
        return Expr.ref(name);
    }

    boolean isDefined(String name) {
        return rules.containsKey(name);
    }

    /**
     * Renders the grammar whose start rule is {@code root}. {@code failure} makes the exception for a grammar that
     * cannot be used, from a sentence saying why.
     */
    Gbnf toGbnf(Expr root, Function<String, GrammarException> failure) {
        rules.put("root", root);
        Set<String> productive = productiveRules();
        if (!productive.contains("root")) {
            throw failure.apply("no finite value satisfies it (a required recursion never ends)");
        }
        Map<String, Expr> pruned = new LinkedHashMap<>();
        for (var e : rules.entrySet()) {
            if (productive.contains(e.getKey())) {
                pruned.put(e.getKey(), prune(e.getValue(), productive));
            }
        }
        Map<String, Expr> reachable = reachable(pruned);
        hoistRepeatedGroups(reachable);
        String cycle = leftRecursion(reachable);
        if (cycle != null) {
            throw failure.apply("it refers to itself (through " + cycle + ") before any character is written");
        }
        StringBuilder out = new StringBuilder();
        out.append("root ::= ").append(GbnfText.render(reachable.get("root"))).append('\n');
        for (var e : reachable.entrySet()) {
            if (!e.getKey().equals("root")) {
                out.append(e.getKey()).append(" ::= ").append(GbnfText.render(e.getValue())).append('\n');
            }
        }
        return new Gbnf(out.toString());
    }

    /**
     * llama.cpp expands {@code X{m,n}} into up to n rules, and refuses any repetition (even {@code ?} or {@code *})
     * when its count times the rules X itself expands into reaches 2000 (MAX_REPETITION_THRESHOLD in
     * llama-grammar.cpp). So whatever is repeated becomes a rule of its own when it is not a single symbol: a rule
     * reference counts as one, and every count up to {@link RegexTranslator#MAX_COUNT} stays under the threshold.
     */
    private void hoistRepeatedGroups(Map<String, Expr> bodies) {
        List<String> todo = new ArrayList<>(bodies.keySet());
        while (!todo.isEmpty()) {
            String name = todo.removeFirst();
            bodies.put(name, hoist(bodies.get(name), bodies, todo));
        }
    }

    private Expr hoist(Expr e, Map<String, Expr> bodies, List<String> todo) {
        return switch (e) {
            case Expr.Seq s -> new Expr.Seq(s.items().stream().map(i -> hoist(i, bodies, todo)).toList());
            case Expr.Alt a when a.options().contains(Expr.EMPTY) -> hoist(Expr.opt(Expr.alt(
                    a.options().stream().filter(o -> !o.equals(Expr.EMPTY)).toList())), bodies, todo);
            case Expr.Alt a -> new Expr.Alt(a.options().stream().map(o -> hoist(o, bodies, todo)).toList());
            case Expr.Rep r when r.item() instanceof Expr.Ref || r.item() instanceof Expr.Chars
                    || r.item() instanceof Expr.Lit -> r;
            case Expr.Rep r -> {
                String rule = reserve("rep");
                bodies.put(rule, r.item());
                todo.add(rule);
                yield new Expr.Rep(Expr.ref(rule), r.min(), r.max());
            }
            default -> e;
        };
    }

    private Set<String> productiveRules() {
        Set<String> productive = new HashSet<>();
        boolean changed = true;
        while (changed) {
            changed = false;
            for (var e : rules.entrySet()) {
                if (!productive.contains(e.getKey()) && productive(e.getValue(), productive)) {
                    productive.add(e.getKey());
                    changed = true;
                }
            }
        }
        return productive;
    }

    private static boolean productive(Expr e, Set<String> productive) {
        return switch (e) {
            case Expr.Lit l -> true;
            case Expr.Chars c -> true;
            case Expr.Ref r -> productive.contains(r.rule());
            case Expr.Seq s -> s.items().stream().allMatch(i -> productive(i, productive));
            case Expr.Alt a -> a.options().stream().anyMatch(o -> productive(o, productive));
            case Expr.Rep r -> r.min() == 0 || productive(r.item(), productive);
        };
    }

    /** {@code e} without its unproductive parts; {@code e} itself is productive. */
    private static Expr prune(Expr e, Set<String> productive) {
        return switch (e) {
            case Expr.Seq s -> Expr.seq(s.items().stream().map(i -> prune(i, productive)).toList());
            case Expr.Alt a -> Expr.alt(a.options().stream()
                    .filter(o -> productive(o, productive)).map(o -> prune(o, productive)).toList());
            case Expr.Rep r -> productive(r.item(), productive)
                    ? Expr.rep(prune(r.item(), productive), r.min(), r.max()) : Expr.EMPTY;
            default -> e;
        };
    }

    private static Map<String, Expr> reachable(Map<String, Expr> all) {
        Map<String, Expr> out = new LinkedHashMap<>();
        List<String> todo = new ArrayList<>(List.of("root"));
        while (!todo.isEmpty()) {
            String name = todo.removeLast();
            if (out.containsKey(name)) {
                continue;
            }
            Expr body = all.get(name);
            out.put(name, body);
            collectRefs(body, todo);
        }
        Map<String, Expr> ordered = new LinkedHashMap<>();
        for (var e : all.entrySet()) {
            if (out.containsKey(e.getKey())) {
                ordered.put(e.getKey(), e.getValue());
            }
        }
        return ordered;
    }

    private static void collectRefs(Expr e, List<String> into) {
        switch (e) {
            case Expr.Ref r -> into.add(r.rule());
            case Expr.Seq s -> s.items().forEach(i -> collectRefs(i, into));
            case Expr.Alt a -> a.options().forEach(o -> collectRefs(o, into));
            case Expr.Rep r -> collectRefs(r.item(), into);
            default -> {
            }
        }
    }

    /** A rule that can reach itself without consuming a character, named as "a -> b -> a", or null. */
    private static String leftRecursion(Map<String, Expr> rules) {
        Map<String, Boolean> nullable = new HashMap<>();
        rules.keySet().forEach(n -> nullable.put(n, false));
        boolean changed = true;
        while (changed) {
            changed = false;
            for (var e : rules.entrySet()) {
                if (!nullable.get(e.getKey()) && nullable(e.getValue(), nullable)) {
                    nullable.put(e.getKey(), true);
                    changed = true;
                }
            }
        }
        Map<String, Set<String>> leftRefs = new HashMap<>();
        for (var e : rules.entrySet()) {
            Set<String> refs = new HashSet<>();
            leftRefs(e.getValue(), nullable, refs);
            leftRefs.put(e.getKey(), refs);
        }
        for (String start : rules.keySet()) {
            String path = findCycle(start, start, leftRefs, new HashSet<>(), start);
            if (path != null) {
                return path;
            }
        }
        return null;
    }

    private static String findCycle(String start, String at, Map<String, Set<String>> edges, Set<String> seen, String path) {
        for (String next : edges.get(at)) {
            if (next.equals(start)) {
                return path + " -> " + next;
            }
            if (seen.add(next)) {
                String found = findCycle(start, next, edges, seen, path + " -> " + next);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    private static boolean nullable(Expr e, Map<String, Boolean> nullable) {
        return switch (e) {
            case Expr.Lit l -> l.text().isEmpty();
            case Expr.Chars c -> false;
            case Expr.Ref r -> nullable.get(r.rule());
            case Expr.Seq s -> s.items().stream().allMatch(i -> nullable(i, nullable));
            case Expr.Alt a -> a.options().stream().anyMatch(o -> nullable(o, nullable));
            case Expr.Rep r -> r.min() == 0 || nullable(r.item(), nullable);
        };
    }

    /** The rules {@code e} can start with, that is before consuming any character. */
    private static void leftRefs(Expr e, Map<String, Boolean> nullable, Set<String> into) {
        switch (e) {
            case Expr.Ref r -> into.add(r.rule());
            case Expr.Seq s -> {
                for (Expr i : s.items()) {
                    leftRefs(i, nullable, into);
                    if (!nullable(i, nullable)) {
                        break;
                    }
                }
            }
            case Expr.Alt a -> a.options().forEach(o -> leftRefs(o, nullable, into));
            case Expr.Rep r -> leftRefs(r.item(), nullable, into);
            default -> {
            }
        }
    }

    private static String sanitize(String hint) {
        String s = hint.replaceAll("[^A-Za-z0-9]+", "-").replaceAll("^-+|-+$", "");
        if (s.isEmpty()) {
            s = "r";
        }
        return s.length() > 60 ? s.substring(0, 60).replaceAll("-+$", "") : s;
    }
}
