package dev.hearth.embed.service;

/** One input of a request: text, or token ids the client tokenized itself. */
public sealed interface Input {

    /** Characters, as TEI counts them for its char limit and {@code x-compute-characters}. */
    int chars();

    record Text(String text) implements Input {
        public int chars() {
            return text.codePointCount(0, text.length());
        }
    }

    record Ids(long[] ids) implements Input {
        public int chars() {
            return ids.length;
        }
    }
}
