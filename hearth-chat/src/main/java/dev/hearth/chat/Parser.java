package dev.hearth.chat;

import dev.hearth.chat.Node.Target;
import dev.hearth.chat.Token.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Recursive-descent parser mirroring {@code jinja2.parser.Parser}, so that operator precedence
 * matches Jinja's: filters and tests bind tighter than arithmetic ({@code 'a' + b | trim} trims
 * only {@code b}), and a loop's iterable is parsed without a conditional so that
 * {@code for x in xs if cond} reads as a filtered loop.
 */
final class Parser {
    private static final Set<String> COMPARE_OPS = Set.of("==", "!=", "<", "<=", ">", ">=");
    private static final Set<String> TEST_ARG_STOP = Set.of("else", "or", "and");

    private final List<Token> tokens;
    private final SourcePosition positions;
    private int index;
    private int loopDepth;

    private Parser(List<Token> tokens, SourcePosition positions) {
        this.tokens = tokens;
        this.positions = positions;
    }

    static List<Node> parse(String source) {
        String normalized = Lexer.normalize(source);
        Parser parser = new Parser(Lexer.tokenize(normalized), new SourcePosition(normalized));
        List<Node> body = parser.body(Set.of());
        parser.expect(Kind.EOF);
        return body;
    }

    // ---- statements ----

    /** Parses until EOF or a block tag whose name is in {@code endTags}; that tag is left unconsumed. */
    private List<Node> body(Set<String> endTags) {
        List<Node> nodes = new ArrayList<>();
        while (true) {
            Token t = peek();
            switch (t.kind()) {
                case TEXT -> {
                    next();
                    nodes.add(new Node.Text(line(t), t.value()));
                }
                case VARIABLE_BEGIN -> {
                    next();
                    nodes.add(new Node.Output(line(t), tuple(true)));
                    expect(Kind.VARIABLE_END);
                }
                case BLOCK_BEGIN -> {
                    Token name = tokens.get(index + 1);
                    if (name.kind() == Kind.NAME && endTags.contains(name.value())) return nodes;
                    next();
                    nodes.add(statement(t));
                }
                case EOF -> {
                    if (!endTags.isEmpty()) {
                        throw error("Unexpected end of template. Jinja was looking for the following tags: "
                                + String.join(" or ", endTags.stream().sorted().map(s -> "'" + s + "'").toList()), t);
                    }
                    return nodes;
                }
                default -> throw error("unexpected " + t.describe(), t);
            }
        }
    }

    private Node statement(Token begin) {
        Token name = expect(Kind.NAME);
        int line = line(begin);
        return switch (name.value()) {
            case "if" -> ifStatement(line);
            case "for" -> forStatement(line);
            case "set" -> setStatement(line);
            case "macro" -> macroStatement(line);
            case "call" -> callStatement(line);
            case "filter" -> filterStatement(line);
            case "generation" -> {
                expect(Kind.BLOCK_END);
                List<Node> body = body(Set.of("endgeneration"));
                endTag("endgeneration");
                yield new Node.Group(line, body);
            }
            case "break", "continue" -> {
                if (loopDepth == 0) throw error("'" + name.value() + "' outside of a loop", name);
                expect(Kind.BLOCK_END);
                yield name.value().equals("break") ? new Node.Break(line) : new Node.Continue(line);
            }
            default -> throw error("Encountered unknown tag '" + name.value() + "'", name);
        };
    }

    private Node ifStatement(int line) {
        List<Node.Branch> branches = new ArrayList<>();
        Expr condition = tuple(false);
        while (true) {
            expect(Kind.BLOCK_END);
            List<Node> body = body(Set.of("elif", "else", "endif"));
            branches.add(new Node.Branch(condition, body));
            expect(Kind.BLOCK_BEGIN);
            Token tag = expect(Kind.NAME);
            switch (tag.value()) {
                case "elif" -> condition = tuple(false);
                case "else" -> {
                    expect(Kind.BLOCK_END);
                    List<Node> otherwise = body(Set.of("endif"));
                    endTag("endif");
                    return new Node.If(line, branches, otherwise);
                }
                default -> {
                    expect(Kind.BLOCK_END);
                    return new Node.If(line, branches, List.of());
                }
            }
        }
    }

    private Node forStatement(int line) {
        Target target = assignTarget(false);
        expectName("in");
        Expr iterable = tuple(false, true);
        Expr filter = null;
        if (peek().isName("if")) {
            next();
            filter = expression(true);
        }
        if (peek().isName("recursive")) throw error("recursive loops are not supported", peek());
        expect(Kind.BLOCK_END);
        loopDepth++;
        List<Node> body = body(Set.of("endfor", "else"));
        loopDepth--;
        List<Node> otherwise = List.of();
        if (nextTagIs("else")) {
            expect(Kind.BLOCK_END);
            otherwise = body(Set.of("endfor"));
        }
        endTag("endfor");
        return new Node.For(line, target, iterable, filter, body, otherwise);
    }

    private Node setStatement(int line) {
        Target target = assignTarget(true);
        if (peek().isOperator("=")) {
            next();
            Expr value = tuple(true);
            expect(Kind.BLOCK_END);
            return new Node.Set(line, target, value);
        }
        List<Node.FilterCall> filters = new ArrayList<>();
        while (peek().isOperator("|")) {
            next();
            filters.add(filterCall());
        }
        expect(Kind.BLOCK_END);
        List<Node> body = body(Set.of("endset"));
        endTag("endset");
        return new Node.SetBlock(line, target, filters, body);
    }

    private Node macroStatement(int line) {
        String name = expect(Kind.NAME).value();
        List<String> params = new ArrayList<>();
        List<Expr> defaults = new ArrayList<>();
        signature(params, defaults);
        expect(Kind.BLOCK_END);
        int savedDepth = loopDepth;
        loopDepth = 0;
        List<Node> body = body(Set.of("endmacro"));
        loopDepth = savedDepth;
        endTag("endmacro");
        return new Node.Macro(line, name, params, defaults, body);
    }

    private Node callStatement(int line) {
        List<String> params = new ArrayList<>();
        List<Expr> defaults = new ArrayList<>();
        if (peek().isOperator("(")) signature(params, defaults);
        Token at = peek();
        if (!(expression(true) instanceof Expr.Call call)) throw error("expected call", at);
        expect(Kind.BLOCK_END);
        List<Node> body = body(Set.of("endcall"));
        endTag("endcall");
        return new Node.CallBlock(line, params, defaults, call, body);
    }

    private Node filterStatement(int line) {
        List<Node.FilterCall> filters = new ArrayList<>();
        filters.add(filterCall());
        while (peek().isOperator("|")) {
            next();
            filters.add(filterCall());
        }
        expect(Kind.BLOCK_END);
        List<Node> body = body(Set.of("endfilter"));
        endTag("endfilter");
        return new Node.FilterBlock(line, filters, body);
    }

    /** Parses {@code (a, b=default, ...)}; parameters without defaults may not follow ones with defaults. */
    private void signature(List<String> params, List<Expr> defaults) {
        expectOperator("(");
        while (!peek().isOperator(")")) {
            if (!params.isEmpty()) expectOperator(",");
            Token name = expect(Kind.NAME);
            params.add(name.value());
            if (peek().isOperator("=")) {
                next();
                defaults.add(expression(true));
            } else if (!defaults.isEmpty()) {
                throw error("non-default argument follows default argument", name);
            }
        }
        next();
    }

    private boolean nextTagIs(String name) {
        if (peek().kind() == Kind.BLOCK_BEGIN && tokens.get(index + 1).isName(name)) {
            index += 2;
            return true;
        }
        return false;
    }

    private void endTag(String name) {
        expect(Kind.BLOCK_BEGIN);
        expectName(name);
        expect(Kind.BLOCK_END);
    }

    private Target assignTarget(boolean allowAttribute) {
        Token first = expect(Kind.NAME);
        if (allowAttribute && peek().isOperator(".")) {
            next();
            return new Target.Attribute(first.value(), expect(Kind.NAME).value());
        }
        List<Target> items = new ArrayList<>();
        items.add(new Target.Name(first.value()));
        if (!peek().isOperator(",")) return items.get(0);
        while (peek().isOperator(",")) {
            next();
            if (peek().kind() != Kind.NAME) break;
            items.add(new Target.Name(next().value()));
        }
        return new Target.Unpack(items);
    }

    // ---- expressions ----

    private Expr tuple(boolean withConditional) {
        return tuple(withConditional, false);
    }

    /** An expression, or a parenthesis-free tuple when commas follow; {@code inFor} stops at the loop's {@code if}. */
    private Expr tuple(boolean withConditional, boolean inFor) {
        List<Expr> items = new ArrayList<>();
        boolean sawComma = false;
        while (true) {
            if (!items.isEmpty()) {
                if (!peek().isOperator(",")) break;
                next();
                sawComma = true;
            }
            if (endsTuple(inFor)) break;
            items.add(withConditional ? expression(true) : expression(false));
        }
        if (!sawComma) {
            if (items.isEmpty()) throw error("Expected an expression, got " + peek().describe(), peek());
            return items.get(0);
        }
        return new Expr.TupleLiteral(items);
    }

    private boolean endsTuple(boolean inFor) {
        Token t = peek();
        return t.kind() == Kind.VARIABLE_END || t.kind() == Kind.BLOCK_END || t.isOperator(")")
                || (inFor && t.isName("if"));
    }

    private Expr expression(boolean withConditional) {
        return withConditional ? conditional() : or();
    }

    private Expr conditional() {
        Expr expr = or();
        while (peek().isName("if")) {
            next();
            Expr condition = or();
            Expr otherwise = null;
            if (peek().isName("else")) {
                next();
                otherwise = conditional();
            }
            expr = new Expr.Conditional(condition, expr, otherwise);
        }
        return expr;
    }

    private Expr or() {
        Expr left = and();
        while (peek().isName("or")) {
            next();
            left = new Expr.Or(left, and());
        }
        return left;
    }

    private Expr and() {
        Expr left = not();
        while (peek().isName("and")) {
            next();
            left = new Expr.And(left, not());
        }
        return left;
    }

    private Expr not() {
        if (peek().isName("not")) {
            next();
            return new Expr.Not(not());
        }
        return compare();
    }

    private Expr compare() {
        Expr first = math1();
        List<String> ops = new ArrayList<>();
        List<Expr> rest = new ArrayList<>();
        while (true) {
            Token t = peek();
            if (t.kind() == Kind.OPERATOR && COMPARE_OPS.contains(t.value())) {
                next();
                ops.add(t.value());
            } else if (t.isName("in")) {
                next();
                ops.add("in");
            } else if (t.isName("not") && tokens.get(index + 1).isName("in")) {
                index += 2;
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
        while (peek().isOperator("+") || peek().isOperator("-")) {
            String op = next().value();
            left = new Expr.Binary(op, left, concat());
        }
        return left;
    }

    private Expr concat() {
        Expr left = math2();
        while (peek().isOperator("~")) {
            next();
            left = new Expr.Binary("~", left, math2());
        }
        return left;
    }

    private Expr math2() {
        Expr left = pow();
        while (peek().isOperator("*") || peek().isOperator("/") || peek().isOperator("//") || peek().isOperator("%")) {
            String op = next().value();
            left = new Expr.Binary(op, left, pow());
        }
        return left;
    }

    private Expr pow() {
        Expr left = unary(true);
        while (peek().isOperator("**")) {
            next();
            left = new Expr.Binary("**", left, unary(true));
        }
        return left;
    }

    private Expr unary(boolean withFilter) {
        Expr node;
        if (peek().isOperator("-") || peek().isOperator("+")) {
            String op = next().value();
            node = new Expr.Unary(op, unary(false));
        } else {
            node = primary();
        }
        node = postfix(node);
        return withFilter ? filterExpression(node) : node;
    }

    private Expr primary() {
        Token t = next();
        return switch (t.kind()) {
            case NAME -> switch (t.value()) {
                case "true", "True" -> new Expr.Literal(Boolean.TRUE);
                case "false", "False" -> new Expr.Literal(Boolean.FALSE);
                case "none", "None" -> new Expr.Literal(null);
                default -> new Expr.Name(t.value());
            };
            case STRING -> {
                StringBuilder sb = new StringBuilder(t.value());
                while (peek().kind() == Kind.STRING) sb.append(next().value());
                yield new Expr.Literal(sb.toString());
            }
            case INTEGER -> new Expr.Literal(parseInteger(t));
            case FLOAT -> new Expr.Literal(Double.parseDouble(t.value()));
            case OPERATOR -> switch (t.value()) {
                case "(" -> parenthesized();
                case "[" -> new Expr.ListLiteral(items("]"));
                case "{" -> dict();
                default -> throw error("unexpected '" + t.value() + "'", t);
            };
            default -> throw error("unexpected " + t.describe(), t);
        };
    }

    private Object parseInteger(Token t) {
        String v = t.value().toLowerCase();
        int radix = v.startsWith("0x") ? 16 : v.startsWith("0o") ? 8 : v.startsWith("0b") ? 2 : 10;
        String digits = radix == 10 ? v : v.substring(2);
        try {
            return Long.parseLong(digits, radix);
        } catch (NumberFormatException e) {
            throw error("integer literal too large", t);
        }
    }

    private Expr parenthesized() {
        if (peek().isOperator(")")) {
            next();
            return new Expr.TupleLiteral(List.of());
        }
        Expr first = expression(true);
        if (peek().isOperator(")")) {
            next();
            return first;
        }
        List<Expr> items = new ArrayList<>();
        items.add(first);
        while (peek().isOperator(",")) {
            next();
            if (peek().isOperator(")")) break;
            items.add(expression(true));
        }
        expectOperator(")");
        return new Expr.TupleLiteral(items);
    }

    private List<Expr> items(String close) {
        List<Expr> items = new ArrayList<>();
        while (!peek().isOperator(close)) {
            if (!items.isEmpty()) {
                expectOperator(",");
                if (peek().isOperator(close)) break;
            }
            items.add(expression(true));
        }
        next();
        return items;
    }

    private Expr dict() {
        List<Expr> keys = new ArrayList<>();
        List<Expr> values = new ArrayList<>();
        while (!peek().isOperator("}")) {
            if (!keys.isEmpty()) {
                expectOperator(",");
                if (peek().isOperator("}")) break;
            }
            keys.add(expression(true));
            expectOperator(":");
            values.add(expression(true));
        }
        next();
        return new Expr.DictLiteral(keys, values);
    }

    private Expr postfix(Expr node) {
        while (true) {
            Token t = peek();
            if (t.isOperator(".")) {
                next();
                Token attr = next();
                if (attr.kind() == Kind.NAME) node = new Expr.Attribute(node, attr.value());
                else if (attr.kind() == Kind.INTEGER) node = new Expr.Item(node, new Expr.Literal(parseInteger(attr)));
                else throw error("expected name or number", attr);
            } else if (t.isOperator("[")) {
                next();
                node = subscript(node);
            } else if (t.isOperator("(")) {
                next();
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
        while (!peek().isOperator("]")) {
            if (peek().isOperator(":")) {
                next();
                isSlice = true;
                if (++part > 2) throw error("invalid slice", peek());
            } else {
                if (parts[part] != null) throw error("expected ']'", peek());
                parts[part] = expression(true);
            }
        }
        next();
        if (!isSlice) {
            if (parts[0] == null) throw error("expected subscript", peek());
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
        while (!peek().isOperator(")")) {
            if (!args.isEmpty() || !kwargs.isEmpty()) {
                expectOperator(",");
                if (peek().isOperator(")")) break;
            }
            Token t = peek();
            if (t.kind() == Kind.NAME && tokens.get(index + 1).isOperator("=")) {
                index += 2;
                kwargs.add(new Expr.Keyword(t.value(), expression(true)));
            } else {
                if (!kwargs.isEmpty()) throw error("positional argument follows keyword argument", t);
                args.add(expression(true));
            }
        }
        next();
    }

    private Expr filterExpression(Expr node) {
        while (true) {
            Token t = peek();
            if (t.isOperator("|")) {
                next();
                node = new Expr.Filter(node, filterCall());
            } else if (t.isName("is")) {
                next();
                node = test(node);
            } else if (t.isOperator("(")) {
                next();
                node = call(node);
            } else {
                return node;
            }
        }
    }

    private Node.FilterCall filterCall() {
        String name = dottedName();
        List<Expr> args = new ArrayList<>();
        List<Expr.Keyword> kwargs = new ArrayList<>();
        if (peek().isOperator("(")) {
            next();
            callArgs(args, kwargs);
        }
        return new Node.FilterCall(name, args, kwargs);
    }

    private Expr test(Expr node) {
        boolean negated = false;
        if (peek().isName("not")) {
            next();
            negated = true;
        }
        String name = dottedName();
        List<Expr> args = new ArrayList<>();
        Token t = peek();
        if (t.isOperator("(")) {
            next();
            List<Expr.Keyword> kwargs = new ArrayList<>();
            callArgs(args, kwargs);
            if (!kwargs.isEmpty()) throw error("keyword arguments to tests are not supported", t);
        } else if (startsTestArgument(t)) {
            if (t.isName("is")) throw error("You cannot chain multiple tests with is", t);
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
        StringBuilder name = new StringBuilder(expect(Kind.NAME).value());
        while (peek().isOperator(".")) {
            next();
            name.append('.').append(expect(Kind.NAME).value());
        }
        return name.toString();
    }

    // ---- token helpers ----

    private Token peek() {
        return tokens.get(index);
    }

    private Token next() {
        Token t = tokens.get(index);
        if (t.kind() != Kind.EOF) index++;
        return t;
    }

    private Token expect(Kind kind) {
        Token t = peek();
        if (t.kind() != kind) {
            throw error("expected " + describe(kind) + ", got " + t.describe(), t);
        }
        return next();
    }

    private void expectName(String name) {
        Token t = peek();
        if (!t.isName(name)) throw error("expected '" + name + "', got " + t.describe(), t);
        next();
    }

    private void expectOperator(String op) {
        Token t = peek();
        if (!t.isOperator(op)) throw error("expected '" + op + "', got " + t.describe(), t);
        next();
    }

    private static String describe(Kind kind) {
        return switch (kind) {
            case BLOCK_END -> "end of statement block";
            case VARIABLE_END -> "end of print statement";
            case EOF -> "end of template";
            default -> kind.name().toLowerCase().replace('_', ' ');
        };
    }

    private int line(Token t) {
        return positions.line(t.offset());
    }

    private TemplateException error(String message, Token at) {
        return new TemplateException(message + " (" + positions.describe(at.offset()) + ")");
    }
}
