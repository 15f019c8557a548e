package dev.hearth.serving;

import io.javalin.config.JavalinConfig;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Jetty's own error answers as {@code {"error": "..."}} JSON instead of its HTML page. Jetty answers by itself,
 * before any route runs, for requests it refuses: ambiguous or encoded path segments ({@code %2E%2E}, {@code %5C},
 * {@code %00}), URIs or headers over its limits (414, 431), broken framing. Clients of both the control API and TGI
 * parse {@code error} from a JSON body, so these must have that shape too.
 *
 * <p>The message is fixed per status, with Jetty's reason only when it is a short plain phrase, so no request
 * content and no exception text reaches the body.
 */
public final class JsonErrorPages extends ErrorHandler {

    private static final HttpField JSON = new HttpField(HttpHeader.CONTENT_TYPE, "application/json");

    /** Installs the handler on the Jetty server behind {@code config}. */
    public static void install(JavalinConfig config) {
        config.jetty.modifyServer(server -> server.setErrorHandler(new JsonErrorPages()));
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                    Callback callback) {
        response.getHeaders().put(JSON);
        response.write(true, ByteBuffer.wrap(body(code, message)), callback);
    }

    /** Errors found while parsing the request line or headers, written before a response object exists. */
    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(JSON);
        return ByteBuffer.wrap(body(status, reason));
    }

    static byte[] body(int code, String reason) {
        String text = describe(code) + (isPlainPhrase(code, reason) ? " (" + reason + ")" : "");
        return ("{\"error\":\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    private static String describe(int code) {
        return switch (code) {
            case 400 -> "Bad Request: the request line, a header or the path could not be accepted; encoded dots, "
                    + "backslashes, NUL and other ambiguous path segments are refused";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 413 -> "Payload Too Large: the request body is over the limit";
            case 414 -> "URI Too Long: the request URI is over the limit";
            case 431 -> "Request Header Fields Too Large: the request headers are over the limit";
            default -> code + " " + HttpStatus.getMessage(code);
        };
    }

    /** Jetty's reasons are phrases such as "Ambiguous URI path encoding"; anything else is not repeated. */
    private static boolean isPlainPhrase(int code, String reason) {
        return reason != null && reason.length() <= 60 && reason.matches("[A-Za-z][A-Za-z ]*")
                && !reason.equalsIgnoreCase(HttpStatus.getMessage(code));
    }
}
