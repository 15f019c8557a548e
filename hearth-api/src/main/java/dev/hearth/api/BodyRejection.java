package dev.hearth.api;

/**
 * A request body that never reached request validation, rejected the way axum's {@code Json}
 * extractor rejects it in TGI. The response body is <em>plain text</em>, not the JSON error shape.
 *
 * <ul>
 *   <li>{@link Kind#MALFORMED_JSON} (400): the bytes are not one JSON value — syntax error, early
 *       end of input, trailing characters, invalid UTF-8, nesting deeper than 128.</li>
 *   <li>{@link Kind#INVALID_BODY} (422): well-formed JSON that does not fit the target record — a
 *       wrong type, a missing required field, {@code null} where the field is not optional.</li>
 *   <li>{@link Kind#UNSUPPORTED_MEDIA_TYPE} (415): for the HTTP layer, when {@code Content-Type} is
 *       missing or not JSON.</li>
 * </ul>
 *
 * <p>Invariant: {@link #body()} always starts with the kind's prefix, so clients that match on the
 * prefix (as the TGI reference documents) see the same text.
 */
public final class BodyRejection extends RuntimeException {

    /** The three rejection kinds, each with TGI's status and the fixed start of its text. */
    public enum Kind {
        MALFORMED_JSON(400, "Failed to parse the request body as JSON"),
        INVALID_BODY(422, "Failed to deserialize the JSON body into the target type"),
        UNSUPPORTED_MEDIA_TYPE(415, "Expected request with `Content-Type: application/json`");

        private final int status;
        private final String prefix;

        Kind(int status, String prefix) {
            this.status = status;
            this.prefix = prefix;
        }

        public int status() {
            return status;
        }

        public String prefix() {
            return prefix;
        }
    }

    private final Kind kind;

    private BodyRejection(Kind kind, String body, Throwable cause) {
        super(body, cause, false, false);
        this.kind = kind;
    }

    /** 400: the body is not valid JSON; {@code detail} says where and why. */
    public static BodyRejection malformed(String detail, Throwable cause) {
        return new BodyRejection(Kind.MALFORMED_JSON, Kind.MALFORMED_JSON.prefix + ": " + detail, cause);
    }

    /** 422: valid JSON of the wrong shape; {@code detail} names the field path and the problem. */
    public static BodyRejection invalid(String detail, Throwable cause) {
        return new BodyRejection(Kind.INVALID_BODY, Kind.INVALID_BODY.prefix + ": " + detail, cause);
    }

    /** 415: the exact text axum answers when the content type is not JSON. */
    public static BodyRejection unsupportedMediaType() {
        return new BodyRejection(Kind.UNSUPPORTED_MEDIA_TYPE, Kind.UNSUPPORTED_MEDIA_TYPE.prefix, null);
    }

    public Kind kind() {
        return kind;
    }

    /** HTTP status: 400, 422 or 415. */
    public int status() {
        return kind.status;
    }

    /** The plain-text response body. */
    public String body() {
        return getMessage();
    }
}
