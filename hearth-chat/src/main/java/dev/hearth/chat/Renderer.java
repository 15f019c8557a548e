package dev.hearth.chat;

import dev.hearth.chat.Node.Target;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Executes a parsed template. One instance renders once; all state lives in {@link Scope}s.
 *
 * <p>Scoping follows Jinja: each loop iteration and each macro call gets a fresh child scope, so
 * {@code set} inside a loop is invisible after it (which is why templates use {@code namespace}),
 * while {@code if} blocks share their enclosing scope.
 */
final class Renderer {
    private enum Flow { NORMAL, BREAK, CONTINUE }

    /** A chain of variable frames; lookups walk outward, assignments always land in the innermost frame. */
    static final class Scope {
        private final Scope parent;
        private final Map<String, Object> vars = new HashMap<>();

        Scope(Scope parent) {
            this.parent = parent;
        }

        Scope child() {
            return new Scope(this);
        }

        boolean has(String name) {
            for (Scope s = this; s != null; s = s.parent) {
                if (s.vars.containsKey(name)) return true;
            }
            return false;
        }

        Object get(String name) {
            for (Scope s = this; s != null; s = s.parent) {
                if (s.vars.containsKey(name)) return s.vars.get(name);
            }
            return Undefined.named(name);
        }

        void set(String name, Object value) {
            vars.put(name, value);
        }
    }

    private final Scope globals;

    Renderer(Scope globals) {
        this.globals = globals;
    }

    String render(List<Node> body, Map<String, ?> variables) {
        Scope context = globals.child();
        variables.forEach(context::set);
        StringBuilder out = new StringBuilder();
        execute(body, context.child(), out);
        return out.toString();
    }

    // ---- statements ----

    private Flow execute(List<Node> body, Scope scope, StringBuilder out) {
        for (Node node : body) {
            Flow flow;
            try {
                flow = execute(node, scope, out);
            } catch (TemplateException e) {
                throw e.located() ? e : new TemplateException(e.getMessage() + " (line " + node.line() + ")", true);
            } catch (RuntimeException e) {
                throw new TemplateException(e + " (line " + node.line() + ")", e);
            }
            if (flow != Flow.NORMAL) return flow;
        }
        return Flow.NORMAL;
    }

    private Flow execute(Node node, Scope scope, StringBuilder out) {
        switch (node) {
            case Node.Text t -> out.append(t.text());
            case Node.Output o -> out.append(Values.str(eval(o.expr(), scope)));
            case Node.If i -> {
                for (Node.Branch branch : i.branches()) {
                    if (Values.truthy(eval(branch.condition(), scope))) return execute(branch.body(), scope, out);
                }
                return execute(i.otherwise(), scope, out);
            }
            case Node.For f -> executeFor(f, scope, out);
            case Node.Set s -> assign(s.target(), eval(s.value(), scope), scope);
            case Node.SetBlock s -> {
                StringBuilder captured = new StringBuilder();
                execute(s.body(), scope, captured);
                assign(s.target(), applyFilters(s.filters(), captured.toString(), scope), scope);
            }
            case Node.Macro m -> scope.set(m.name(), macro(m.name(), m.params(), m.defaults(), m.body(), scope));
            case Node.CallBlock c -> {
                Callable caller = macro("caller", c.callerParams(), c.callerDefaults(), c.body(), scope);
                Map<String, Object> kwargs = new LinkedHashMap<>(keywords(c.call().kwargs(), scope));
                kwargs.put("caller", caller);
                out.append(Values.str(call(eval(c.call().callee(), scope), new Args(positional(c.call().args(), scope), kwargs))));
            }
            case Node.FilterBlock f -> {
                StringBuilder captured = new StringBuilder();
                execute(f.body(), scope, captured);
                out.append(Values.str(applyFilters(f.filters(), captured.toString(), scope)));
            }
            case Node.Group g -> {
                return execute(g.body(), scope, out);
            }
            case Node.Break b -> {
                return Flow.BREAK;
            }
            case Node.Continue c -> {
                return Flow.CONTINUE;
            }
        }
        return Flow.NORMAL;
    }

    private void executeFor(Node.For f, Scope scope, StringBuilder out) {
        List<Object> items = new ArrayList<>();
        for (Object item : Values.iterate(eval(f.iterable(), scope))) {
            if (f.filter() != null) {
                Scope probe = scope.child();
                assign(f.target(), item, probe);
                if (!Values.truthy(eval(f.filter(), probe))) continue;
            }
            items.add(item);
        }
        if (items.isEmpty()) {
            execute(f.otherwise(), scope.child(), out);
            return;
        }
        LoopContext loop = new LoopContext(items);
        for (int i = 0; i < items.size(); i++) {
            Scope iteration = scope.child();
            loop.moveTo(i);
            assign(f.target(), items.get(i), iteration);
            iteration.set("loop", loop);
            if (execute(f.body(), iteration, out) == Flow.BREAK) break;
        }
    }

    private void assign(Target target, Object value, Scope scope) {
        switch (target) {
            case Target.Name n -> scope.set(n.name(), value);
            case Target.Unpack u -> {
                List<Object> values = Values.iterate(value);
                if (values.size() != u.items().size()) {
                    throw new TemplateException(values.size() < u.items().size()
                            ? "not enough values to unpack (expected " + u.items().size() + ", got " + values.size() + ")"
                            : "too many values to unpack (expected " + u.items().size() + ")");
                }
                for (int i = 0; i < values.size(); i++) assign(u.items().get(i), values.get(i), scope);
            }
            case Target.Attribute a -> {
                if (!(scope.get(a.object()) instanceof Namespace ns)) {
                    throw new TemplateException("cannot assign attribute on non-namespace object");
                }
                ns.set(a.attribute(), value);
            }
        }
    }

    /** A macro (or a call block's {@code caller}) closing over the scope it was defined in. */
    private Callable macro(String name, List<String> params, List<Expr> defaults, List<Node> body, Scope definedIn) {
        int firstDefault = params.size() - defaults.size();
        return args -> {
            Scope scope = definedIn.child();
            Map<String, Object> extraKeywords = new LinkedHashMap<>(args.keywords());
            for (int i = 0; i < params.size(); i++) {
                String param = params.get(i);
                if (i < args.size()) scope.set(param, args.positional().get(i));
                else if (extraKeywords.containsKey(param)) scope.set(param, extraKeywords.remove(param));
                else if (i >= firstDefault) scope.set(param, eval(defaults.get(i - firstDefault), scope));
                else scope.set(param, new Undefined("parameter '" + param + "' was not provided"));
            }
            if (extraKeywords.containsKey("caller")) scope.set("caller", extraKeywords.remove("caller"));
            scope.set("varargs", new Tuple(args.size() > params.size() ? args.positional().subList(params.size(), args.size()) : List.of()));
            scope.set("kwargs", extraKeywords);
            StringBuilder out = new StringBuilder();
            execute(body, scope, out);
            return out.toString();
        };
    }

    private Object applyFilters(List<Node.FilterCall> filters, Object value, Scope scope) {
        Object result = value;
        for (Node.FilterCall f : filters) result = Filters.apply(f.name(), result, args(f.args(), f.kwargs(), scope));
        return result;
    }

    // ---- expressions ----

    Object eval(Expr expr, Scope scope) {
        return switch (expr) {
            case Expr.Literal l -> l.value();
            case Expr.Name n -> scope.get(n.name());
            case Expr.ListLiteral l -> positional(l.items(), scope);
            case Expr.TupleLiteral t -> new Tuple(positional(t.items(), scope));
            case Expr.DictLiteral d -> {
                Map<Object, Object> map = new LinkedHashMap<>();
                for (int i = 0; i < d.keys().size(); i++) Values.put(map, eval(d.keys().get(i), scope), eval(d.values().get(i), scope));
                yield map;
            }
            case Expr.Attribute a -> Access.attribute(eval(a.object(), scope), a.name());
            case Expr.Item i -> Access.item(eval(i.object(), scope), eval(i.key(), scope));
            case Expr.Slice s -> Access.slice(eval(s.object(), scope), evalOrNull(s.start(), scope),
                    evalOrNull(s.stop(), scope), evalOrNull(s.step(), scope));
            case Expr.Call c -> call(eval(c.callee(), scope), args(c.args(), c.kwargs(), scope));
            case Expr.Filter f -> Filters.apply(f.filter().name(), eval(f.value(), scope), args(f.filter().args(), f.filter().kwargs(), scope));
            case Expr.Test t -> Tests.apply(t.name(), eval(t.value(), scope), positional(t.args(), scope)) != t.negated();
            case Expr.Unary u -> Operators.negate(eval(u.operand(), scope), u.op().equals("-"));
            case Expr.Binary b -> Operators.binary(b.op(), eval(b.left(), scope), eval(b.right(), scope));
            case Expr.And a -> {
                Object left = eval(a.left(), scope);
                yield Values.truthy(left) ? eval(a.right(), scope) : left;
            }
            case Expr.Or o -> {
                Object left = eval(o.left(), scope);
                yield Values.truthy(left) ? left : eval(o.right(), scope);
            }
            case Expr.Not n -> !Values.truthy(eval(n.operand(), scope));
            case Expr.Compare c -> compare(c, scope);
            case Expr.Conditional c -> Values.truthy(eval(c.condition(), scope)) ? eval(c.then(), scope)
                    : c.otherwise() != null ? eval(c.otherwise(), scope)
                    : new Undefined("the inline if-expression evaluated to false and no else section was defined.");
        };
    }

    private Object evalOrNull(Expr expr, Scope scope) {
        return expr == null ? null : eval(expr, scope);
    }

    private boolean compare(Expr.Compare c, Scope scope) {
        Object left = eval(c.first(), scope);
        for (int i = 0; i < c.ops().size(); i++) {
            String op = c.ops().get(i);
            Object right = eval(c.rest().get(i), scope);
            boolean holds = switch (op) {
                case "==" -> Values.equal(left, right);
                case "!=" -> !Values.equal(left, right);
                case "in" -> Values.contains(right, left);
                case "not in" -> !Values.contains(right, left);
                case "<" -> Values.compare(left, right, op) < 0;
                case "<=" -> Values.compare(left, right, op) <= 0;
                case ">" -> Values.compare(left, right, op) > 0;
                default -> Values.compare(left, right, op) >= 0;
            };
            if (!holds) return false;
            left = right;
        }
        return true;
    }

    private static Object call(Object callee, Args args) {
        if (callee instanceof Callable c) return c.call(args);
        if (callee instanceof Undefined u) throw u.error();
        throw new TemplateException("'" + Values.typeName(callee) + "' object is not callable");
    }

    private Args args(List<Expr> positional, List<Expr.Keyword> keywords, Scope scope) {
        return new Args(positional(positional, scope), keywords(keywords, scope));
    }

    private List<Object> positional(List<Expr> exprs, Scope scope) {
        List<Object> values = new ArrayList<>(exprs.size());
        for (Expr e : exprs) values.add(eval(e, scope));
        return values;
    }

    private Map<String, Object> keywords(List<Expr.Keyword> keywords, Scope scope) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (Expr.Keyword k : keywords) values.put(k.name(), eval(k.value(), scope));
        return values;
    }
}
