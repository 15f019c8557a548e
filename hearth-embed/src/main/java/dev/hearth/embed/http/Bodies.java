package dev.hearth.embed.http;

import dev.hearth.api.BodyRejection;
import dev.hearth.api.WireJson;
import io.javalin.http.Context;

import java.util.Locale;

/**
 * Request bodies as axum's {@code Json} extractor reads them in TEI: 415 without a JSON content type, 400 for bytes
 * that are not one JSON value (invalid UTF-8 included), 422 for JSON of the wrong shape. All plain text.
 */
final class Bodies {

    private Bodies() {}

    static <T> T read(Context ctx, Class<T> type) {
        String contentType = ctx.header("Content-Type");
        String mime = contentType == null ? "" : contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        if (!(mime.equals("application/json") || (mime.startsWith("application/") && mime.endsWith("+json")))) {
            throw BodyRejection.unsupportedMediaType();
        }
        return WireJson.read(ctx.bodyAsBytes(), type);
    }
}
