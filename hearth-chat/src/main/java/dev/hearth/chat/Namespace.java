package dev.hearth.chat;

import java.util.LinkedHashMap;
import java.util.Map;

/** The object returned by {@code namespace(...)}: the only value a template may mutate, via {@code set ns.attr}. */
final class Namespace {
    private final Map<String, Object> attributes = new LinkedHashMap<>();

    Namespace(Map<String, Object> initial) {
        attributes.putAll(initial);
    }

    boolean has(String name) {
        return attributes.containsKey(name);
    }

    Object get(String name) {
        return attributes.get(name);
    }

    void set(String name, Object value) {
        attributes.put(name, value);
    }

    @Override
    public String toString() {
        return "<Namespace " + Values.repr(attributes) + ">";
    }
}
