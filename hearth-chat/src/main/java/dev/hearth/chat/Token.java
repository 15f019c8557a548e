package dev.hearth.chat;

/** One lexical unit of a template; {@code offset} indexes the template source, for error positions. */
record Token(Kind kind, String value, int offset) {
    enum Kind { TEXT, VARIABLE_BEGIN, VARIABLE_END, BLOCK_BEGIN, BLOCK_END, NAME, STRING, INTEGER, FLOAT, OPERATOR, EOF }

    boolean is(Kind k, String v) {
        return kind == k && value.equals(v);
    }

    boolean isOperator(String op) {
        return is(Kind.OPERATOR, op);
    }

    boolean isName(String name) {
        return is(Kind.NAME, name);
    }

    String describe() {
        return switch (kind) {
            case EOF -> "end of template";
            case TEXT -> "template data";
            case VARIABLE_END, BLOCK_END -> "'end of " + (kind == Kind.BLOCK_END ? "statement block" : "print statement") + "'";
            default -> "'" + value + "'";
        };
    }
}
