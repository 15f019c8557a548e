package dev.hearth.server.connections;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.chat.ChatMessage;
import dev.hearth.chat.PromptBuilder;
import dev.hearth.chat.PromptBuilders;
import dev.hearth.server.ServerJson;
import io.javalin.http.Context;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * OpenAI chat completions for a connection whose server has TGI's {@code /generate} but no chat route (a connection
 * with a {@code prompt_builder}): the messages are rendered with the EasyLLM builder, sent to {@code /generate} (or
 * {@code /generate_stream} for {@code stream: true}) with the key, and the answer is translated back into OpenAI's
 * {@code chat.completion} or its {@code chat.completion.chunk} events.
 *
 * <p>Parameters carried over: {@code max_tokens} (or {@code max_completion_tokens}) as {@code max_new_tokens},
 * {@code temperature} (0 means greedy: no sampling), {@code top_p} (dropped when 1, which TGI refuses), {@code seed},
 * {@code stop} (added to the builder's own stop sequences). TGI's finish reasons {@code eos_token} and
 * {@code stop_sequence} are OpenAI's {@code stop}. {@code usage.prompt_tokens} is TGI's prefill count when the server
 * reports it, else an estimate of one token per 4 bytes of the prompt, as EasyLLM's own client reports.
 */
final class PromptedChat {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private final HttpClient http;

    PromptedChat(HttpClient http) {
        this.http = http;
    }

    /** Answers {@code ctx}; every failure is an OpenAI-shaped error, never an exception out of here. */
    void serve(Context ctx, Connection c, ObjectNode request) {
        PromptBuilder builder = PromptBuilders.byName(c.promptBuilder());
        String prompt;
        try {
            prompt = builder.build(messages(request));
        } catch (IllegalArgumentException e) {
            OpenAiErrors.write(ctx, 400, e.getMessage(), "invalid_request_error", "messages", null);
            return;
        }
        boolean stream = request.path("stream").asBoolean(false);
        ObjectNode body = F.objectNode();
        body.put("inputs", prompt);
        ObjectNode p = body.putObject("parameters");
        JsonNode max = request.hasNonNull("max_completion_tokens") ? request.get("max_completion_tokens") : request.get("max_tokens");
        if (max != null && max.canConvertToInt()) p.put("max_new_tokens", max.asInt());
        double temperature = request.path("temperature").asDouble(1.0);
        if (request.hasNonNull("temperature") && temperature > 0) {
            p.put("temperature", temperature);
            p.put("do_sample", true);
        } else if (request.hasNonNull("temperature")) {
            p.put("do_sample", false);
        }
        if (request.hasNonNull("top_p") && request.get("top_p").asDouble() < 1.0 && request.get("top_p").asDouble() > 0) {
            p.put("top_p", request.get("top_p").asDouble());
        }
        if (request.hasNonNull("seed") && request.get("seed").canConvertToLong()) p.put("seed", request.get("seed").asLong());
        ArrayNode stops = p.putArray("stop");
        builder.stopSequences().forEach(stops::add);
        JsonNode stop = request.get("stop");
        if (stop != null && stop.isTextual()) stops.add(stop.asText());
        if (stop != null && stop.isArray()) stop.forEach(s -> { if (s.isTextual()) stops.add(s.asText()); });
        p.put("details", true);
        p.put("return_full_text", false);

        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(c.base() + (stream ? "/generate_stream" : "/generate")))
                .timeout(Duration.ofMinutes(10)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(json(body)));
        if (c.apiKey() != null) r.header("Authorization", "Bearer " + c.apiKey());
        HttpResponse<InputStream> response;
        try {
            response = http.send(r.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            OpenAiErrors.write(ctx, 502, Prober.redact(Prober.unreachable(c.base() + "/generate", e).getMessage(), c.apiKey()),
                    "api_error", null, null);
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            OpenAiErrors.write(ctx, 503, "The request was interrupted.", "api_error", null, null);
            return;
        }
        try (InputStream in = response.body()) {
            if (response.statusCode() / 100 != 2) {
                relayError(ctx, c, response.statusCode(), in.readNBytes(64 * 1024));
                return;
            }
            String id = "chatcmpl-" + UUID.randomUUID().toString().replace("-", "");
            long created = Instant.now().getEpochSecond();
            if (stream) streamChunks(ctx, c, in, id, created);
            else complete(ctx, c, in.readAllBytes(), id, created, prompt);
        } catch (IOException e) {
            if (!ctx.res().isCommitted()) {
                OpenAiErrors.write(ctx, 502, "The server of connection " + c.namespace() + "/" + c.name()
                        + " broke off its answer.", "api_error", null, null);
            }
        }
    }

    private static List<ChatMessage> messages(ObjectNode request) {
        JsonNode list = request.get("messages");
        if (list == null || !list.isArray() || list.isEmpty()) throw new IllegalArgumentException("messages must be a non-empty array");
        List<ChatMessage> out = new ArrayList<>();
        for (JsonNode m : list) {
            String role = m.path("role").asText("");
            JsonNode content = m.get("content");
            String text;
            if (content != null && content.isTextual()) text = content.asText();
            else if (content != null && content.isArray()) {
                StringBuilder b = new StringBuilder();
                content.forEach(part -> { if ("text".equals(part.path("type").asText())) b.append(part.path("text").asText()); });
                text = b.toString();
            } else text = "";
            out.add(new ChatMessage(role, text));
        }
        return out;
    }

    private void complete(Context ctx, Connection c, byte[] answer, String id, long created, String prompt) throws IOException {
        JsonNode tgi = ServerJson.MAPPER.readTree(answer);
        if (tgi.isArray() && !tgi.isEmpty()) tgi = tgi.get(0);
        JsonNode details = tgi.path("details");
        ObjectNode out = F.objectNode();
        out.put("id", id);
        out.put("object", "chat.completion");
        out.put("created", created);
        out.put("model", c.modelName());
        ObjectNode choice = out.putArray("choices").addObject();
        choice.put("index", 0);
        ObjectNode message = choice.putObject("message");
        message.put("role", "assistant");
        message.put("content", tgi.path("generated_text").asText(""));
        choice.put("finish_reason", finish(details.path("finish_reason").asText("length")));
        int completion = details.path("generated_tokens").asInt(0);
        int promptTokens = details.path("prefill").isArray() && !details.path("prefill").isEmpty()
                ? details.path("prefill").size() : (prompt.getBytes(StandardCharsets.UTF_8).length + 3) / 4;
        ObjectNode usage = out.putObject("usage");
        usage.put("prompt_tokens", promptTokens);
        usage.put("completion_tokens", completion);
        usage.put("total_tokens", promptTokens + completion);
        ctx.status(200).contentType("application/json").result(json(out));
    }

    /** TGI's {@code data:} events, each turned into an OpenAI chunk as it arrives; then {@code data: [DONE]}. */
    private void streamChunks(Context ctx, Connection c, InputStream in, String id, long created) throws IOException {
        ctx.status(200);
        ctx.res().setContentType("text/event-stream");
        ctx.res().setHeader("Cache-Control", "no-cache");
        OutputStream out = ctx.res().getOutputStream();
        out.write(event(chunk(id, created, c, F.objectNode().put("role", "assistant").put("content", ""), null)));
        out.flush();
        String finish = null;
        BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        for (String line; (line = lines.readLine()) != null; ) {
            if (!line.startsWith("data:")) continue;
            String data = line.substring(5).strip();
            if (data.isEmpty() || data.equals("[DONE]")) continue;
            JsonNode e = ServerJson.MAPPER.readTree(data);
            if (e.has("error")) {
                ObjectNode err = F.objectNode();
                err.putObject("error").put("message", e.path("error").asText()).put("type", "api_error");
                out.write(event(err));
                out.flush();
                return;
            }
            JsonNode token = e.path("token");
            if (!token.path("special").asBoolean(false) && token.hasNonNull("text")) {
                out.write(event(chunk(id, created, c, F.objectNode().put("content", token.path("text").asText()), null)));
                out.flush();
            }
            if (e.path("details").hasNonNull("finish_reason")) finish = e.path("details").path("finish_reason").asText();
        }
        out.write(event(chunk(id, created, c, F.objectNode(), finish(finish == null ? "length" : finish))));
        out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static ObjectNode chunk(String id, long created, Connection c, ObjectNode delta, String finish) {
        ObjectNode o = F.objectNode();
        o.put("id", id);
        o.put("object", "chat.completion.chunk");
        o.put("created", created);
        o.put("model", c.modelName());
        ObjectNode choice = o.putArray("choices").addObject();
        choice.put("index", 0);
        choice.set("delta", delta);
        choice.put("finish_reason", finish);
        return o;
    }

    private static String finish(String tgi) {
        return switch (tgi) {
            case "eos_token", "stop_sequence", "stop" -> "stop";
            default -> "length";
        };
    }

    /** A refusal of the remote server, in OpenAI's shape, with TGI's message when it sent one. */
    private static void relayError(Context ctx, Connection c, int status, byte[] body) {
        String message;
        try {
            JsonNode e = ServerJson.MAPPER.readTree(body);
            message = e.path("error").isTextual() ? e.path("error").asText() : e.path("error").path("message").asText(null);
        } catch (IOException notJson) {
            message = null;
        }
        if (message == null || message.isBlank()) {
            message = "The server of connection " + c.namespace() + "/" + c.name() + " answered " + status + ".";
        }
        int relayed = status >= 400 && status < 600 ? status : 502;
        OpenAiErrors.write(ctx, relayed, message, relayed >= 500 ? "api_error" : "invalid_request_error", null, null);
    }

    private static byte[] json(JsonNode n) {
        try {
            return ServerJson.MAPPER.writeValueAsBytes(n);
        } catch (IOException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    private static byte[] event(JsonNode n) {
        byte[] j = json(n);
        byte[] out = new byte[j.length + 8];
        System.arraycopy("data: ".getBytes(StandardCharsets.US_ASCII), 0, out, 0, 6);
        System.arraycopy(j, 0, out, 6, j.length);
        out[out.length - 2] = '\n';
        out[out.length - 1] = '\n';
        return out;
    }
}
