package dev.hearth.client;

import java.util.List;

/**
 * {@code GET /api/whoami-v2}: who the token belongs to. {@code name} is the default namespace when {@code type} is
 * {@code user}; {@code orgs} are the other namespaces listed by {@link InferenceEndpoints#listAll()}.
 */
public record Whoami(String type, String name, List<String> orgs) {
    public Whoami {
        orgs = List.copyOf(orgs);
    }
}
