package dev.hearth.worker.http;

import io.javalin.http.Context;
import io.javalin.http.Handler;

import java.util.Locale;
import java.util.Set;

/**
 * TGI's {@code --api-key}: gated routes need {@code Authorization} equal to {@code Bearer <key>}, compared
 * case-insensitively on the whole string; otherwise 401 with an empty body. Health, info, metrics and the model list
 * stay open, as in TGI.
 */
public final class TgiApiKeyGate implements Handler {

    private static final Set<String> OPEN = Set.of("/health", "/ping", "/info", "/metrics", "/v1/models");

    private final String expected;

    public TgiApiKeyGate(String apiKey) {
        this.expected = ("Bearer " + apiKey).toLowerCase(Locale.ROOT);
    }

    @Override
    public void handle(Context ctx) {
        if (OPEN.contains(ctx.path()) || (ctx.path().equals("/") && ctx.method().name().equals("GET"))) return;
        String given = ctx.header("Authorization");
        if (given == null || !given.toLowerCase(Locale.ROOT).equals(expected)) {
            ctx.status(401).result("");
            ctx.skipRemainingHandlers();
        }
    }
}
