package dev.hearth.server.gateway;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.OptionalLong;

/**
 * What identifies a conversation for prefix-aware routing: a hash of the start of its prompt, the part every later
 * turn resends unchanged. For TGI's routes and {@code /v1/completions}, the first {@link #PREFIX_CHARS} characters of
 * {@code inputs} or {@code prompt}; for {@code /v1/chat/completions}, the messages up to and including the first user
 * message, bounded likewise. A request without one (a GET, an unreadable or other body) has no key and is balanced
 * by load alone.
 *
 * <p>Bounded, as KubeAI's PrefixHash bounds it: a prefix long enough to tell conversations apart, short enough that
 * parsing costs little, and the same for every turn of a conversation.
 */
final class PrefixKey {

    static final int PREFIX_CHARS = 1024;
    private static final JsonFactory JSON = new JsonFactory();

    private PrefixKey() {}

    static OptionalLong of(String target, byte[] body) {
        if (body == null || body.length == 0) return OptionalLong.empty();
        String path = target.split("\\?", 2)[0];
        try {
            if (path.endsWith("/chat/completions")) return chat(body);
            if (path.endsWith("/generate") || path.endsWith("/generate_stream") || path.equals("/") || path.isEmpty()) {
                return text(body, "inputs");
            }
            if (path.endsWith("/completions")) return text(body, "prompt");
        } catch (IOException | RuntimeException notJson) {
            return OptionalLong.empty(); // the replica will answer it with the right error
        }
        return OptionalLong.empty();
    }

    /** The top-level string field {@code field}, bounded. */
    private static OptionalLong text(byte[] body, String field) throws IOException {
        try (JsonParser p = JSON.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) return OptionalLong.empty();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (name.equals(field) && value == JsonToken.VALUE_STRING) return hash(p.getText());
                p.skipChildren();
            }
        }
        return OptionalLong.empty();
    }

    /** role and text content of each message through the first user message, bounded. */
    private static OptionalLong chat(byte[] body) throws IOException {
        StringBuilder prefix = new StringBuilder();
        try (JsonParser p = JSON.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) return OptionalLong.empty();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (!name.equals("messages") || value != JsonToken.START_ARRAY) {
                    p.skipChildren();
                    continue;
                }
                while (p.nextToken() == JsonToken.START_OBJECT && prefix.length() < PREFIX_CHARS) {
                    String role = "", content = "";
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String key = p.currentName();
                        JsonToken v = p.nextToken();
                        if (key.equals("role") && v == JsonToken.VALUE_STRING) role = p.getText();
                        else if (key.equals("content") && v == JsonToken.VALUE_STRING) content = p.getText();
                        else p.skipChildren();
                    }
                    prefix.append(role).append('\u0000').append(content).append('\u0000');
                    if (role.equals("user")) return hash(prefix.toString());
                }
                return prefix.isEmpty() ? OptionalLong.empty() : hash(prefix.toString());
            }
        }
        return OptionalLong.empty();
    }

    private static OptionalLong hash(String text) {
        if (text.isEmpty()) return OptionalLong.empty();
        String bounded = text.length() > PREFIX_CHARS ? text.substring(0, PREFIX_CHARS) : text;
        return OptionalLong.of(fnv1a(bounded.getBytes(StandardCharsets.UTF_8)));
    }

    /** 64-bit FNV-1a: stable across processes and restarts, unlike String.hashCode's 32 bits. */
    static long fnv1a(byte[] bytes) {
        long h = 0xcbf29ce484222325L;
        for (byte b : bytes) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        return h;
    }

    /** The replica's weight for {@code key} (rendezvous hashing): the highest weight is the key's home. */
    static long weight(long key, String replicaId) {
        long h = key ^ fnv1a(replicaId.getBytes(StandardCharsets.UTF_8));
        // A 64-bit finaliser (splitmix64) so that near keys give unrelated weights.
        h = (h ^ (h >>> 30)) * 0xbf58476d1ce4e5b9L;
        h = (h ^ (h >>> 27)) * 0x94d049bb133111ebL;
        return h ^ (h >>> 31);
    }
}
