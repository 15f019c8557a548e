package dev.hearth.chat;

/** Converts offsets in a template source into 1-based line and column numbers. */
final class SourcePosition {
    private final String source;

    SourcePosition(String source) {
        this.source = source;
    }

    int line(int offset) {
        int line = 1;
        for (int i = 0; i < Math.min(offset, source.length()); i++) {
            if (source.charAt(i) == '\n') line++;
        }
        return line;
    }

    String describe(int offset) {
        int lineStart = source.lastIndexOf('\n', Math.min(offset, source.length()) - 1) + 1;
        return "line " + line(offset) + ", column " + (offset - lineStart + 1);
    }
}
