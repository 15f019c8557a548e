package dev.hearth.chat;

import dev.hearth.chat.Token.Kind;
import java.util.List;

/**
 * The shared read position over a template's tokens, used by {@link Parser} for statements and by
 * {@link ExpressionParser} for expressions. The token list always ends with {@link Kind#EOF}, and
 * {@link #next()} never moves past it.
 */
final class TokenCursor {
    private final List<Token> tokens;
    private final SourcePosition positions;
    private int index;

    TokenCursor(List<Token> tokens, SourcePosition positions) {
        this.tokens = tokens;
        this.positions = positions;
    }

    Token peek() {
        return tokens.get(index);
    }

    /** The token {@code ahead} places after the current one; only valid while the current one is not EOF. */
    Token peek(int ahead) {
        return tokens.get(index + ahead);
    }

    Token next() {
        Token t = tokens.get(index);
        if (t.kind() != Kind.EOF) index++;
        return t;
    }

    /** Consumes {@code count} tokens that the caller has already peeked at and found not to be EOF. */
    void skip(int count) {
        index += count;
    }

    Token expect(Kind kind) {
        Token t = peek();
        if (t.kind() != kind) {
            throw error("expected " + describe(kind) + ", got " + t.describe(), t);
        }
        return next();
    }

    void expectName(String name) {
        Token t = peek();
        if (!t.isName(name)) throw error("expected '" + name + "', got " + t.describe(), t);
        next();
    }

    void expectOperator(String op) {
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

    int line(Token t) {
        return positions.line(t.offset());
    }

    TemplateException error(String message, Token at) {
        return new TemplateException(message + " (" + positions.describe(at.offset()) + ")");
    }
}
