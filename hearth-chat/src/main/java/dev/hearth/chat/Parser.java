package dev.hearth.chat;

import dev.hearth.chat.Node.Target;
import dev.hearth.chat.Token.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Recursive-descent parser mirroring {@code jinja2.parser.Parser}; this class parses template data
 * and block tags, and delegates expressions to an {@link ExpressionParser} reading the same
 * {@link TokenCursor}. A loop's iterable is parsed without a conditional so that
 * {@code for x in xs if cond} reads as a filtered loop.
 */
final class Parser {
    private final TokenCursor cursor;
    private final ExpressionParser expressions;
    private int loopDepth;

    private Parser(TokenCursor cursor) {
        this.cursor = cursor;
        this.expressions = new ExpressionParser(cursor);
    }

    static List<Node> parse(String source) {
        String normalized = Lexer.normalize(source);
        Parser parser = new Parser(new TokenCursor(Lexer.tokenize(normalized), new SourcePosition(normalized)));
        List<Node> body = parser.body(Set.of());
        parser.cursor.expect(Kind.EOF);
        return body;
    }

    /** Parses until EOF or a block tag whose name is in {@code endTags}; that tag is left unconsumed. */
    private List<Node> body(Set<String> endTags) {
        List<Node> nodes = new ArrayList<>();
        while (true) {
            Token t = cursor.peek();
            switch (t.kind()) {
                case TEXT -> {
                    cursor.next();
                    nodes.add(new Node.Text(cursor.line(t), t.value()));
                }
                case VARIABLE_BEGIN -> {
                    cursor.next();
                    nodes.add(new Node.Output(cursor.line(t), expressions.tuple(true)));
                    cursor.expect(Kind.VARIABLE_END);
                }
                case BLOCK_BEGIN -> {
                    Token name = cursor.peek(1);
                    if (name.kind() == Kind.NAME && endTags.contains(name.value())) return nodes;
                    cursor.next();
                    nodes.add(statement(t));
                }
                case EOF -> {
                    if (!endTags.isEmpty()) {
                        throw cursor.error("Unexpected end of template. Jinja was looking for the following tags: "
                                + String.join(" or ", endTags.stream().sorted().map(s -> "'" + s + "'").toList()), t);
                    }
                    return nodes;
                }
                default -> throw cursor.error("unexpected " + t.describe(), t);
            }
        }
    }

    private Node statement(Token begin) {
        Token name = cursor.expect(Kind.NAME);
        int line = cursor.line(begin);
        return switch (name.value()) {
            case "if" -> ifStatement(line);
            case "for" -> forStatement(line);
            case "set" -> setStatement(line);
            case "macro" -> macroStatement(line);
            case "call" -> callStatement(line);
            case "filter" -> filterStatement(line);
            case "generation" -> {
                cursor.expect(Kind.BLOCK_END);
                List<Node> body = body(Set.of("endgeneration"));
                endTag("endgeneration");
                yield new Node.Group(line, body);
            }
            case "break", "continue" -> {
                if (loopDepth == 0) throw cursor.error("'" + name.value() + "' outside of a loop", name);
                cursor.expect(Kind.BLOCK_END);
                yield name.value().equals("break") ? new Node.Break(line) : new Node.Continue(line);
            }
            default -> throw cursor.error("Encountered unknown tag '" + name.value() + "'", name);
        };
    }

    private Node ifStatement(int line) {
        List<Node.Branch> branches = new ArrayList<>();
        Expr condition = expressions.tuple(false);
        while (true) {
            cursor.expect(Kind.BLOCK_END);
            List<Node> body = body(Set.of("elif", "else", "endif"));
            branches.add(new Node.Branch(condition, body));
            cursor.expect(Kind.BLOCK_BEGIN);
            Token tag = cursor.expect(Kind.NAME);
            switch (tag.value()) {
                case "elif" -> condition = expressions.tuple(false);
                case "else" -> {
                    cursor.expect(Kind.BLOCK_END);
                    List<Node> otherwise = body(Set.of("endif"));
                    endTag("endif");
                    return new Node.If(line, branches, otherwise);
                }
                default -> {
                    cursor.expect(Kind.BLOCK_END);
                    return new Node.If(line, branches, List.of());
                }
            }
        }
    }

    private Node forStatement(int line) {
        Target target = assignTarget(false);
        cursor.expectName("in");
        Expr iterable = expressions.tuple(false, true);
        Expr filter = null;
        if (cursor.peek().isName("if")) {
            cursor.next();
            filter = expressions.expression(true);
        }
        if (cursor.peek().isName("recursive")) throw cursor.error("recursive loops are not supported", cursor.peek());
        cursor.expect(Kind.BLOCK_END);
        loopDepth++;
        List<Node> body = body(Set.of("endfor", "else"));
        loopDepth--;
        List<Node> otherwise = List.of();
        if (nextTagIs("else")) {
            cursor.expect(Kind.BLOCK_END);
            otherwise = body(Set.of("endfor"));
        }
        endTag("endfor");
        return new Node.For(line, target, iterable, filter, body, otherwise);
    }

    private Node setStatement(int line) {
        Target target = assignTarget(true);
        if (cursor.peek().isOperator("=")) {
            cursor.next();
            Expr value = expressions.tuple(true);
            cursor.expect(Kind.BLOCK_END);
            return new Node.Set(line, target, value);
        }
        List<Node.FilterCall> filters = new ArrayList<>();
        while (cursor.peek().isOperator("|")) {
            cursor.next();
            filters.add(expressions.filterCall());
        }
        cursor.expect(Kind.BLOCK_END);
        List<Node> body = body(Set.of("endset"));
        endTag("endset");
        return new Node.SetBlock(line, target, filters, body);
    }

    private Node macroStatement(int line) {
        String name = cursor.expect(Kind.NAME).value();
        List<String> params = new ArrayList<>();
        List<Expr> defaults = new ArrayList<>();
        signature(params, defaults);
        cursor.expect(Kind.BLOCK_END);
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
        if (cursor.peek().isOperator("(")) signature(params, defaults);
        Token at = cursor.peek();
        if (!(expressions.expression(true) instanceof Expr.Call call)) throw cursor.error("expected call", at);
        cursor.expect(Kind.BLOCK_END);
        List<Node> body = body(Set.of("endcall"));
        endTag("endcall");
        return new Node.CallBlock(line, params, defaults, call, body);
    }

    private Node filterStatement(int line) {
        List<Node.FilterCall> filters = new ArrayList<>();
        filters.add(expressions.filterCall());
        while (cursor.peek().isOperator("|")) {
            cursor.next();
            filters.add(expressions.filterCall());
        }
        cursor.expect(Kind.BLOCK_END);
        List<Node> body = body(Set.of("endfilter"));
        endTag("endfilter");
        return new Node.FilterBlock(line, filters, body);
    }

    /** Parses {@code (a, b=default, ...)}; parameters without defaults may not follow ones with defaults. */
    private void signature(List<String> params, List<Expr> defaults) {
        cursor.expectOperator("(");
        while (!cursor.peek().isOperator(")")) {
            if (!params.isEmpty()) cursor.expectOperator(",");
            Token name = cursor.expect(Kind.NAME);
            params.add(name.value());
            if (cursor.peek().isOperator("=")) {
                cursor.next();
                defaults.add(expressions.expression(true));
            } else if (!defaults.isEmpty()) {
                throw cursor.error("non-default argument follows default argument", name);
            }
        }
        cursor.next();
    }

    private boolean nextTagIs(String name) {
        if (cursor.peek().kind() == Kind.BLOCK_BEGIN && cursor.peek(1).isName(name)) {
            cursor.skip(2);
            return true;
        }
        return false;
    }

    private void endTag(String name) {
        cursor.expect(Kind.BLOCK_BEGIN);
        cursor.expectName(name);
        cursor.expect(Kind.BLOCK_END);
    }

    private Target assignTarget(boolean allowAttribute) {
        Token first = cursor.expect(Kind.NAME);
        if (allowAttribute && cursor.peek().isOperator(".")) {
            cursor.next();
            return new Target.Attribute(first.value(), cursor.expect(Kind.NAME).value());
        }
        List<Target> items = new ArrayList<>();
        items.add(new Target.Name(first.value()));
        if (!cursor.peek().isOperator(",")) return items.get(0);
        while (cursor.peek().isOperator(",")) {
            cursor.next();
            if (cursor.peek().kind() != Kind.NAME) break;
            items.add(new Target.Name(cursor.next().value()));
        }
        return new Target.Unpack(items);
    }
}
