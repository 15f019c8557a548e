package dev.hearth.chat;

import java.util.List;

/** Template statements. {@code line} is where the statement starts, for render-time error messages. */
sealed interface Node {
    int line();

    record Text(int line, String text) implements Node { }

    record Output(int line, Expr expr) implements Node { }

    record If(int line, List<Branch> branches, List<Node> otherwise) implements Node { }

    record Branch(Expr condition, List<Node> body) { }

    /** {@code filter} is the optional inline {@code if} of the loop; filtered-out items are not counted by {@code loop}. */
    record For(int line, Target target, Expr iterable, Expr filter, List<Node> body, List<Node> otherwise) implements Node { }

    record Set(int line, Target target, Expr value) implements Node { }

    record SetBlock(int line, Target target, List<FilterCall> filters, List<Node> body) implements Node { }

    record Macro(int line, String name, List<String> params, List<Expr> defaults, List<Node> body) implements Node { }

    record CallBlock(int line, List<String> callerParams, List<Expr> callerDefaults, Expr.Call call, List<Node> body) implements Node { }

    record FilterBlock(int line, List<FilterCall> filters, List<Node> body) implements Node { }

    /** A body rendered in place, without a new scope: transformers' {@code {% generation %}} marker. */
    record Group(int line, List<Node> body) implements Node { }

    record Break(int line) implements Node { }

    record Continue(int line) implements Node { }

    /** One filter application with its arguments, shared by filter expressions and filter blocks. */
    record FilterCall(String name, List<Expr> args, List<Expr.Keyword> kwargs) { }

    /** Left-hand sides of assignments and loop variables. */
    sealed interface Target {
        record Name(String name) implements Target { }

        record Unpack(List<Target> items) implements Target { }

        /** {@code ns.attr}: the only attribute assignment Jinja allows, and only on namespace objects. */
        record Attribute(String object, String attribute) implements Target { }
    }
}
