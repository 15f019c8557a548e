package dev.hearth.embed.http;

import io.javalin.http.Context;
import io.javalin.http.Handler;

import java.util.Set;

/**
 * TEI's {@code --api-key}: every route except health and metrics needs {@code Authorization} to equal
 * {@code Bearer <key>} exactly (TEI compares case-sensitively and gates {@code /info} too), else 401.
 */
public final class TeiApiKeyGate implements Handler {

    private static final Set<String> OPEN = Set.of("/health", "/ping", "/metrics");

    private final String expected;

    public TeiApiKeyGate(String apiKey) {
        this.expected = "Bearer " + apiKey;
    }

    @Override
    public void handle(Context ctx) {
        if (OPEN.contains(ctx.path()) || (ctx.path().equals("/") && ctx.method().name().equals("GET"))) return;
        if (!expected.equals(ctx.header("Authorization"))) {
            ctx.status(401).result("");
            ctx.skipRemainingHandlers();
        }
    }
}
