package dev.hearth.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The control plane's one JSON mapper: the store's spec columns, request bodies, error bodies and, through Javalin's
 * {@code ctx.json}, every answer. Configured once and never changed after, so it is safe to share between threads.
 */
public final class ServerJson {

    public static final ObjectMapper MAPPER = JsonMapper.builder().build();

    private ServerJson() {}
}
