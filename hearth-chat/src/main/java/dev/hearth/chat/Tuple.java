package dev.hearth.chat;

import java.util.AbstractList;
import java.util.List;

/** A Python tuple: behaves as a list everywhere except that it prints with parentheses. */
final class Tuple extends AbstractList<Object> {
    private final List<Object> items;

    Tuple(List<?> items) {
        this.items = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(items));
    }

    static Tuple of(Object... items) {
        return new Tuple(java.util.Arrays.asList(items));
    }

    @Override
    public Object get(int index) {
        return items.get(index);
    }

    @Override
    public int size() {
        return items.size();
    }
}
