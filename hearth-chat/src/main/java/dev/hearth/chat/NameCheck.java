package dev.hearth.chat;

import java.util.List;

/**
 * Jinja's compile-time check that every filter and test exists. Like Jinja, it skips code inside
 * {@code if} blocks and inline conditionals, where a missing filter only fails if that code runs.
 */
final class NameCheck {
    private NameCheck() { }

    static void check(List<Node> body) {
        for (Node node : body) {
            try {
                check(node);
            } catch (TemplateException e) {
                throw e.located() ? e : new TemplateException(e.getMessage() + " (line " + node.line() + ")", true);
            }
        }
    }

    private static void check(Node node) {
        switch (node) {
            case Node.Output o -> check(o.expr());
            case Node.For f -> {
                check(f.iterable());
                if (f.filter() != null) check(f.filter());
                check(f.body());
                check(f.otherwise());
            }
            case Node.Set s -> check(s.value());
            case Node.SetBlock s -> {
                s.filters().forEach(NameCheck::check);
                check(s.body());
            }
            case Node.Macro m -> {
                m.defaults().forEach(NameCheck::check);
                check(m.body());
            }
            case Node.CallBlock c -> {
                check(c.call());
                check(c.body());
            }
            case Node.FilterBlock f -> {
                f.filters().forEach(NameCheck::check);
                check(f.body());
            }
            case Node.Group g -> check(g.body());
            case Node.If i -> { }
            case Node.Text t -> { }
            case Node.Break b -> { }
            case Node.Continue c -> { }
        }
    }

    private static void check(Node.FilterCall f) {
        if (!Filters.exists(f.name())) throw new TemplateException("No filter named '" + f.name() + "'.");
        f.args().forEach(NameCheck::check);
        f.kwargs().forEach(k -> check(k.value()));
    }

    private static void check(Expr expr) {
        switch (expr) {
            case Expr.Filter f -> {
                check(f.value());
                check(f.filter());
            }
            case Expr.Test t -> {
                if (!Tests.exists(t.name())) throw new TemplateException("No test named '" + t.name() + "'.");
                check(t.value());
                t.args().forEach(NameCheck::check);
            }
            case Expr.ListLiteral l -> l.items().forEach(NameCheck::check);
            case Expr.TupleLiteral t -> t.items().forEach(NameCheck::check);
            case Expr.DictLiteral d -> {
                d.keys().forEach(NameCheck::check);
                d.values().forEach(NameCheck::check);
            }
            case Expr.Attribute a -> check(a.object());
            case Expr.Item i -> {
                check(i.object());
                check(i.key());
            }
            case Expr.Slice s -> {
                check(s.object());
                for (Expr part : new Expr[] {s.start(), s.stop(), s.step()}) {
                    if (part != null) check(part);
                }
            }
            case Expr.Call c -> {
                check(c.callee());
                c.args().forEach(NameCheck::check);
                c.kwargs().forEach(k -> check(k.value()));
            }
            case Expr.Unary u -> check(u.operand());
            case Expr.Binary b -> {
                check(b.left());
                check(b.right());
            }
            case Expr.And a -> {
                check(a.left());
                check(a.right());
            }
            case Expr.Or o -> {
                check(o.left());
                check(o.right());
            }
            case Expr.Not n -> check(n.operand());
            case Expr.Compare c -> {
                check(c.first());
                c.rest().forEach(NameCheck::check);
            }
            case Expr.Conditional c -> { }
            case Expr.Literal l -> { }
            case Expr.Name n -> { }
        }
    }
}
