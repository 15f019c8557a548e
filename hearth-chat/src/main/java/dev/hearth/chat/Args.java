package dev.hearth.chat;

import java.util.List;
import java.util.Map;

/** Evaluated call arguments, read the way Python binds positional-or-keyword parameters. */
record Args(List<Object> positional, Map<String, Object> keywords) {
    /** The parameter at {@code position} or named {@code name}, else {@code fallback}. */
    Object get(int position, String name, Object fallback) {
        if (position >= 0 && position < positional.size()) return positional.get(position);
        return keywords.containsKey(name) ? keywords.get(name) : fallback;
    }

    int size() {
        return positional.size();
    }

    Args rest(int from) {
        return new Args(positional.subList(Math.min(from, positional.size()), positional.size()), keywords);
    }
}
