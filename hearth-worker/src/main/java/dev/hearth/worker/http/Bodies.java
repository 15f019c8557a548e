package dev.hearth.worker.http;

import dev.hearth.api.BodyRejection;
import dev.hearth.api.WireJson;
import io.javalin.http.Context;

import java.util.Locale;

/** Reads JSON request bodies the way axum's {@code Json} extractor does in TGI: 415, then 400, then 422. */
public final class Bodies {

    private Bodies() {}

    public static <T> T read(Context ctx, Class<T> type) {
        requireJson(ctx);
        return WireJson.read(ctx.bodyAsBytes(), type);
    }

    /** axum accepts {@code application/json} and {@code application/*+json}, with parameters. */
    public static void requireJson(Context ctx) {
        String contentType = ctx.header("Content-Type");
        if (contentType == null) throw BodyRejection.unsupportedMediaType();
        String mime = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        if (!(mime.equals("application/json") || (mime.startsWith("application/") && mime.endsWith("+json")))) {
            throw BodyRejection.unsupportedMediaType();
        }
    }
}
