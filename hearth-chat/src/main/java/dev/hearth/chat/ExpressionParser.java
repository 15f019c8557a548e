package dev.hearth.chat;

import dev.hearth.chat.Token.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Expression half of the recursive-descent parser, mirroring {@code jinja2.parser.Parser} so that
 * operator precedence matches Jinja's: filters and tests bind tighter than arithmetic
 * ({@code 'a' + b | trim} trims only {@code b}). Reads from the same {@link TokenCursor} as the
 * {@link Parser} that owns it.
 */
final class ExpressionParser {
    private static final Set<String> COMPARE_OPS = Set.of("==", "!=", "<", "<=", ">", ">=");
    private static final Set<String> TEST_ARG_STOP = Set.of("else", "or", "and");

    private final TokenCursor cursor;

    ExpressionParser(TokenCursor cursor) {
        this.cursor = cursor;
    }

    Expr tuple(boolean withConditional) {
        return tuple(withConditional, false);
    }

    /** An expression, or a parenthesis-free tuple when commas follow; {@code inFor} stops at the loop's {@code if}. */
    Expr tuple(boolean withConditional, boolean inFor) {
        List<Expr> items = new ArrayList<>();
        boolean sawComma = false;
        while (true) {
            if (!items.isEmpty()) {
                if (!cursor.peek().isOperator(",")) break;
                cursor.next();
                sawComma = true;
            }
            if (endsTuple(inFor)) break;
            items.add(withConditional ? expression(true) : expression(false));
        }
        if (!sawComma) {
            if (items.isEmpty()) {
                throw cursor.error("Expected an expression, got " + cursor.peek().describe(), cursor.peek());
            }
            return items.get(0);
        }
        return new Expr.TupleLiteral(items);
    }

    private boolean endsTuple(boolean inFor) {
        Token t = cursor.peek();
        return t.kind() == Kind.VARIABLE_END || t.kind() == Kind.BLOCK_END || t.isOperator(")")
                || (inFor && t.isName("if"));
    }

    Expr expression(boolean withConditional) {
        return withConditional ? conditional() : or();
    }

    private Expr conditional() {
        Expr expr = or();
        while (cursor.peek().isName("if")) {
            cursor.next();
            Expr condition = or();
            Expr otherwise = null;
            if (cursor.peek().isName("else")) {
                cursor.next();
                otherwise = conditional();
            }
            expr = new Expr.Conditional(condition, expr, otherwise);
        }
        return expr;
    }

    private Expr or() {
        Expr left = and();
        while (cursor.peek().isName("or")) {
            cursor.next();
            left = new Expr.Or(left, and());
        }
        return left;
    }

    private Expr and() {
        Expr left = not();
        while (cursor.peek().isName("and")) {
            cursor.next();
            left = new Expr.And(left, not());
        }
        return left;
    }

    private Expr not() {
        if (cursor.peek().isName("not")) {
            cursor.next();
            return new Expr.Not(not());
        }
        return compare();
    }

    private Expr compare() {
        Expr first = math1();
        List<String> ops = new ArrayList<>();
        List<Expr> rest = new ArrayList<>();
        while (true) {
            Token t = cursor.peek();
            if (t.kind() == Kind.OPERATOR && COMPARE_OPS.contains(t.value())) {
                cursor.next();
                ops.add(t.value());
            } else if (t.isName("in")) {
                cursor.next();
                ops.add("in");
            } else if (t.isName("not") && cursor.peek(1).isName("in")) {
                cursor.skip(2);
                ops.add("not in");
            } else {
                break;
            }
            rest.add(math1());
        }
        return ops.isEmpty() ? first : new Expr.Compare(first, ops, rest);
    }

    private Expr math1() {
        Expr left = concat();
        while (cursor.peek().isOperator("+") || cursor.peek().isOperator("-")) {
            String op = cursor.next().value();
            left = new Expr.Binary(op, left, concat());
        }
        return left;
    }

    private Expr concat() {
        Expr left = math2();
        while (cursor.peek().isOperator("~")) {
            cursor.next();
            left = new Expr.Binary("~", left, math2());
        }
        return left;
    }

    private Expr math2() {
        Expr left = pow();
        while (cursor.peek().isOperator("*") || cursor.peek().isOperator("/")
                || cursor.peek().isOperator("//") || cursor.peek().isOperator("%")) {
            String op = cursor.next().value();
            left = new Expr.Binary(op, left, pow());
        }
        return left;
    }

    private Expr pow() {
        Expr left = unary(true);
        while (cursor.peek().isOperator("**")) {
            cursor.next();
            left = new Expr.Binary("**", left, unary(true));
        }
        return left;
    }

    private Expr unary(boolean withFilter) {
        Expr node;
        if (cursor.peek().isOperator("-") || cursor.peek().isOperator("+")) {
            String op = cursor.next().value();
            node = new Expr.Unary(op, unary(false));
        } else {
            node = primary();
        }
        node = postfix(node);
        return withFilter ? filterExpression(node) : node;
    }

    private Expr primary() {
        Token t = cursor.next();
        return switch (t.kind()) {
            case NAME -> switch (t.value()) {
                case "true", "True" -> new Expr.Literal(Boolean.TRUE);
                case "false", "False" -> new Expr.Literal(Boolean.FALSE);
                case "none", "None" -> new Expr.Literal(null);
                default -> new Expr.Name(t.value());
            };
            case STRING -> {
                StringBuilder sb = new StringBuilder(t.value());
                while (cursor.peek().kind() == Kind.STRING) sb.append(cursor.next().value());
                yield new Expr.Literal(sb.toString());
            }
            case INTEGER -> new Expr.Literal(parseInteger(t));
            case FLOAT -> new Expr.Literal(Double.parseDouble(t.value()));
            case OPERATOR -> switch (t.value()) {
                case "(" -> parenthesized();
                case "[" -> new Expr.ListLiteral(items("]"));
                case "{" -> dict();
                default -> throw cursor.error("unexpected '" + t.value() + "'", t);
            };
            default -> throw cursor.error("unexpected " + t.describe(), t);
        };
    }

    private Object parseInteger(Token t) {
        String v = t.value().toLowerCase();
        int radix = v.startsWith("0x") ? 16 : v.startsWith("0o") ? 8 : v.startsWith("0b") ? 2 : 10;
        String digits = radix == 10 ? v : v.substring(2);
        try {
            return Long.parseLong(digits, radix);
        } catch (NumberFormatException e) {
            throw cursor.error("integer literal too large", t);
        }
    }

    private Expr parenthesized() {
        if (cursor.peek().isOperator(")")) {
            cursor.next();
            return new Expr.TupleLiteral(List.of());
        }
        Expr first = expression(true);
        if (cursor.peek().isOperator(")")) {
            cursor.next();
            return first;
        }
        List<Expr> items = new ArrayList<>();
        items.add(first);
        while (cursor.peek().isOperator(",")) {
            cursor.next();
            if (cursor.peek().isOperator(")")) break;
            items.add(expression(true));
        }
        cursor.expectOperator(")");
        return new Expr.TupleLiteral(items);
    }

    private List<Expr> items(String close) {
        List<Expr> items = new ArrayList<>();
        while (!cursor.peek().isOperator(close)) {
            if (!items.isEmpty()) {
                cursor.expectOperator(",");
                if (cursor.peek().isOperator(close)) break;
            }
            items.add(expression(true));
        }
        cursor.next();
        return items;
    }

    private Expr dict() {
        List<Expr> keys = new ArrayList<>();
        List<Expr> values = new ArrayList<>();
        while (!cursor.peek().isOperator("}")) {
            if (!keys.isEmpty()) {
                cursor.expectOperator(",");
                if (cursor.peek().isOperator("}")) break;
            }
            keys.add(expression(true));
            cursor.expectOperator(":");
            values.add(expression(true));
        }
        cursor.next();
        return new Expr.DictLiteral(keys, values);
    }

    private Expr postfix(Expr node) {
        while (true) {
            Token t = cursor.peek();
            if (t.isOperator(".")) {
                cursor.next();
                Token attr = cursor.next();
                if (attr.kind() == Kind.NAME) node = new Expr.Attribute(node, attr.value());
                else if (attr.kind() == Kind.INTEGER) node = new Expr.Item(node, new Expr.Literal(parseInteger(attr)));
                else throw cursor.error("expected name or number", attr);
            } else if (t.isOperator("[")) {
                cursor.next();
                node = subscript(node);
            } else if (t.isOperator("(")) {
                cursor.next();
                node = call(node);
            } else {
                return node;
            }
        }
    }

    private Expr subscript(Expr node) {
        Expr[] parts = new Expr[3];
        int part = 0;
        boolean isSlice = false;
        while (!cursor.peek().isOperator("]")) {
            if (cursor.peek().isOperator(":")) {
                cursor.next();
                isSlice = true;
                if (++part > 2) throw cursor.error("invalid slice", cursor.peek());
            } else {
                if (parts[part] != null) throw cursor.error("expected ']'", cursor.peek());
                parts[part] = expression(true);
            }
        }
        cursor.next();
        if (!isSlice) {
            if (parts[0] == null) throw cursor.error("expected subscript", cursor.peek());
            return new Expr.Item(node, parts[0]);
        }
        return new Expr.Slice(node, parts[0], parts[1], parts[2]);
    }

    private Expr.Call call(Expr callee) {
        List<Expr> args = new ArrayList<>();
        List<Expr.Keyword> kwargs = new ArrayList<>();
        callArgs(args, kwargs);
        return new Expr.Call(callee, args, kwargs);
    }

    /** Parses arguments after an already consumed '('; positional arguments may not follow keywords. */
    private void callArgs(List<Expr> args, List<Expr.Keyword> kwargs) {
        while (!cursor.peek().isOperator(")")) {
            if (!args.isEmpty() || !kwargs.isEmpty()) {
                cursor.expectOperator(",");
                if (cursor.peek().isOperator(")")) break;
            }
            Token t = cursor.peek();
            if (t.kind() == Kind.NAME && cursor.peek(1).isOperator("=")) {
                cursor.skip(2);
                kwargs.add(new Expr.Keyword(t.value(), expression(true)));
            } else {
                if (!kwargs.isEmpty()) throw cursor.error("positional argument follows keyword argument", t);
                args.add(expression(true));
            }
        }
        cursor.next();
    }

    private Expr filterExpression(Expr node) {
        while (true) {
            Token t = cursor.peek();
            if (t.isOperator("|")) {
                cursor.next();
                node = new Expr.Filter(node, filterCall());
            } else if (t.isName("is")) {
                cursor.next();
                node = test(node);
            } else if (t.isOperator("(")) {
                cursor.next();
                node = call(node);
            } else {
                return node;
            }
        }
    }

    Node.FilterCall filterCall() {
        String name = dottedName();
        List<Expr> args = new ArrayList<>();
        List<Expr.Keyword> kwargs = new ArrayList<>();
        if (cursor.peek().isOperator("(")) {
            cursor.next();
            callArgs(args, kwargs);
        }
        return new Node.FilterCall(name, args, kwargs);
    }

    private Expr test(Expr node) {
        boolean negated = false;
        if (cursor.peek().isName("not")) {
            cursor.next();
            negated = true;
        }
        String name = dottedName();
        List<Expr> args = new ArrayList<>();
        Token t = cursor.peek();
        if (t.isOperator("(")) {
            cursor.next();
            List<Expr.Keyword> kwargs = new ArrayList<>();
            callArgs(args, kwargs);
            if (!kwargs.isEmpty()) throw cursor.error("keyword arguments to tests are not supported", t);
        } else if (startsTestArgument(t)) {
            if (t.isName("is")) throw cursor.error("You cannot chain multiple tests with is", t);
            args.add(postfix(primary()));
        }
        return new Expr.Test(node, name, args, negated);
    }

    private boolean startsTestArgument(Token t) {
        return switch (t.kind()) {
            case NAME -> !TEST_ARG_STOP.contains(t.value());
            case STRING, INTEGER, FLOAT -> true;
            case OPERATOR -> t.value().equals("(") || t.value().equals("[") || t.value().equals("{");
            default -> false;
        };
    }

    private String dottedName() {
        StringBuilder name = new StringBuilder(cursor.expect(Kind.NAME).value());
        while (cursor.peek().isOperator(".")) {
            cursor.next();
            name.append('.').append(cursor.expect(Kind.NAME).value());
        }
        return name.toString();
    }
}
