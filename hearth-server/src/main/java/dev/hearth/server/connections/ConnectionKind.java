package dev.hearth.server.connections;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;
import java.util.Optional;

/** What kind of server a connection reaches, which decides how it is validated. */
public enum ConnectionKind {
    /** Text Generation Inference (and Hearth's own worker): {@code GET /info}, {@code POST /tokenize}, OpenAI routes. */
    TGI,
    /** Any OpenAI-compatible server (vLLM, llama.cpp's server...): {@code GET /v1/models}. */
    OPENAI,
    /** Text Embeddings Inference: {@code GET /info} (gated by its key, unlike TGI's), {@code /v1/embeddings}. */
    TEI;

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<ConnectionKind> parse(String s) {
        if (s == null) return Optional.empty();
        for (ConnectionKind k : values()) if (k.wire().equals(s.strip().toLowerCase(Locale.ROOT))) return Optional.of(k);
        throw new InvalidConnectionException.BadRequest("kind must be one of tgi, openai, tei, not \"" + clip(s) + "\"");
    }

    static String clip(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }
}
