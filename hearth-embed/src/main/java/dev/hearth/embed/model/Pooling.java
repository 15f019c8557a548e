package dev.hearth.embed.model;

import java.util.Locale;

/**
 * How token vectors become one sentence vector; the names are TEI's ({@code /info} {@code model_type.embedding.pooling})
 * and sentence-transformers' {@code 1_Pooling/config.json} flags.
 */
public enum Pooling {
    /** Average of the vectors of real tokens (attention mask 1); padding never contributes. */
    MEAN,
    /** The first token's vector ([CLS]). */
    CLS,
    /** The last real token's vector (decoder-style embedders such as e5-mistral, gte-Qwen). */
    LAST_TOKEN;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** {@code mean}, {@code cls}, {@code last_token} or {@code lasttoken}; anything else is refused. */
    public static Pooling parse(String name) {
        return switch (name.toLowerCase(Locale.ROOT).replace("-", "_")) {
            case "mean" -> MEAN;
            case "cls" -> CLS;
            case "last_token", "lasttoken" -> LAST_TOKEN;
            default -> throw new IllegalArgumentException("unsupported pooling '" + name + "' (mean, cls, last_token)");
        };
    }
}
