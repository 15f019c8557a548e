package dev.hearth.chat;

import java.util.List;

/** Template expressions. */
sealed interface Expr {
    record Literal(Object value) implements Expr { }

    record ListLiteral(List<Expr> items) implements Expr { }

    record TupleLiteral(List<Expr> items) implements Expr { }

    record DictLiteral(List<Expr> keys, List<Expr> values) implements Expr { }

    record Name(String name) implements Expr { }

    /** {@code obj.name}: Python attribute first, then item, as Jinja's getattr does. */
    record Attribute(Expr object, String name) implements Expr { }

    /** {@code obj[key]}: item first, then attribute, as Jinja's getitem does. */
    record Item(Expr object, Expr key) implements Expr { }

    record Slice(Expr object, Expr start, Expr stop, Expr step) implements Expr { }

    record Call(Expr callee, List<Expr> args, List<Keyword> kwargs) implements Expr { }

    record Keyword(String name, Expr value) { }

    record Filter(Expr value, Node.FilterCall filter) implements Expr { }

    record Test(Expr value, String name, List<Expr> args, boolean negated) implements Expr { }

    record Unary(String op, Expr operand) implements Expr { }

    record Binary(String op, Expr left, Expr right) implements Expr { }

    record And(Expr left, Expr right) implements Expr { }

    record Or(Expr left, Expr right) implements Expr { }

    record Not(Expr operand) implements Expr { }

    /** A Python comparison chain: {@code a < b < c} means {@code a < b and b < c}. */
    record Compare(Expr first, List<String> ops, List<Expr> rest) implements Expr { }

    /** {@code a if c else b}; a missing else yields undefined, as in Jinja. */
    record Conditional(Expr condition, Expr then, Expr otherwise) implements Expr { }
}
