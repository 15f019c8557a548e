package dev.hearth.grammar;

import java.util.Objects;

/**
 * A grammar in llama.cpp's GBNF dialect whose start rule is named {@code root}. Instances made by this module keep
 * whitespace bounded and every rule on one line, so llama.cpp's parser accepts them as they are.
 */
public record Gbnf(String text) {
    public Gbnf {
        Objects.requireNonNull(text, "text");
    }

    @Override
    public String toString() {
        return text;
    }
}
