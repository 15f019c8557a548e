package dev.hearth.server.connections;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;

/** The root router's own errors in OpenAI's shape {@code {"error":{"message","type","param","code"}}}, which its SDKs read. */
final class OpenAiErrors {

    private OpenAiErrors() {}

    static void write(Context ctx, int status, String message, String type, String param, String code) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        ObjectNode error = body.putObject("error");
        error.put("message", message);
        error.put("type", type);
        error.put("param", param);
        error.put("code", code);
        ctx.status(status).json(body);
    }
}
