package dev.hearth.server.connections;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.server.ServerJson;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A connection's {@code context_window}, enforced before a chat or completion request is forwarded: the prompt is
 * counted (by the server's {@code POST /tokenize} for a {@code tgi} connection, else by {@link #estimate}), and a
 * prompt plus {@code max_tokens} (or {@code max_completion_tokens}) that exceeds the window is refused with OpenAI's
 * {@code context_length_exceeded}; a request without either gets {@code max_tokens} set to what fits.
 */
final class ContextWindow {

    /** Tokens counted per chat message on top of its text: role markers and separators of chat templates. */
    static final int PER_MESSAGE = 4;
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final int MAX_ANSWER = 4 * 1024 * 1024;

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(TIMEOUT).build();

    /** Why a request cannot be forwarded: a 400 in OpenAI's shape. */
    record Refusal(String message, String param, String code) {}

    /**
     * Checks {@code json} (a chat or completion body) against the connection's window and, when it names no limit
     * on the completion, sets {@code max_tokens} to what fits. Returns null when it may be forwarded.
     */
    Refusal apply(Connection c, boolean chat, ObjectNode json) {
        Integer window = c.contextWindow();
        if (window == null || window <= 0) return null;
        String limitField = json.hasNonNull("max_tokens") ? "max_tokens"
                : json.hasNonNull("max_completion_tokens") ? "max_completion_tokens" : null;
        Integer completion = null;
        if (limitField != null) {
            JsonNode n = json.get(limitField);
            if (!n.canConvertToInt() || !n.isIntegralNumber() || n.asInt() < 1) {
                return new Refusal(limitField + " must be an integer of at least 1, not " + clip(n.toString()) + ".",
                        limitField, "invalid_value");
            }
            completion = n.asInt();
        }
        String param = chat ? "messages" : "prompt";
        Prompt prompt = chat ? chatPrompt(json.get("messages")) : completionPrompt(json.get("prompt"));
        if (prompt == null) {
            return new Refusal(chat ? "messages must be an array of messages with a role and a content."
                    : "prompt must be a string, an array of strings or an array of token ids.", param, "invalid_value");
        }
        long promptTokens = prompt.tokenIds >= 0 ? prompt.tokenIds
                : count(c, prompt.text) + (long) PER_MESSAGE * prompt.messages;
        // With no limit given, at least one token must fit for the request to mean anything.
        long asked = completion == null ? 1 : completion;
        if (promptTokens + asked > window) {
            return new Refusal("This model's maximum context length is " + window + " tokens. However, you requested "
                    + (promptTokens + asked) + " tokens (" + promptTokens + " in the messages, " + asked
                    + " in the completion). Please reduce the length of the messages or completion.",
                    param, "context_length_exceeded");
        }
        if (completion == null) json.put("max_tokens", window - promptTokens);
        return null;
    }

    /**
     * The prompt's tokens: the server's own count when it is TGI (its {@code POST /tokenize}), else the estimate. A
     * failed {@code /tokenize} (an older server, an error) falls back to the estimate too.
     */
    private long count(Connection c, String text) {
        if (c.kind() == ConnectionKind.TGI) {
            Long counted = tokenize(c, text);
            if (counted != null) return counted;
        }
        return estimate(text);
    }

    /**
     * UTF-8 bytes ÷ 3, rounded up. Conservative on purpose, so that a request refused here would have been refused by
     * the server too and no request is let through that the server must then cut off: BPE and SentencePiece
     * vocabularies average about 4 bytes a token on English text and seldom fewer than 3 on code or other scripts, so
     * this counts more tokens than the server will, and only a prompt close to the window is refused early.
     */
    static long estimate(String text) {
        long bytes = text.getBytes(StandardCharsets.UTF_8).length;
        return (bytes + 2) / 3;
    }

    private Long tokenize(Connection c, String text) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("inputs", text);
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(c.base() + "/tokenize")).timeout(TIMEOUT)
                    .header("Content-Type", "application/json").header("Accept", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(ServerJson.MAPPER.writeValueAsBytes(body)));
            if (c.apiKey() != null && !c.apiKey().isEmpty()) b.header("Authorization", "Bearer " + c.apiKey());
            HttpResponse<InputStream> r = client.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = r.body()) {
                byte[] answer = in.readNBytes(MAX_ANSWER);
                if (r.statusCode() != 200) return null;
                JsonNode tokens = ServerJson.MAPPER.readTree(answer);
                return tokens != null && tokens.isArray() ? (long) tokens.size() : null;
            }
        } catch (IOException | IllegalArgumentException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** What to count: text and the number of messages, or (a completion prompt of token ids) the ids' count. */
    private record Prompt(String text, int messages, long tokenIds) {}

    /** The messages rendered simply, for counting only: each message's role and text, one per line. */
    private static Prompt chatPrompt(JsonNode messages) {
        if (messages == null || !messages.isArray()) return null;
        StringBuilder text = new StringBuilder();
        for (JsonNode m : messages) {
            if (!m.isObject()) return null;
            text.append(m.path("role").asText("")).append(": ");
            JsonNode content = m.get("content");
            if (content == null || content.isNull()) {
                // an assistant message with only tool calls
            } else if (content.isTextual()) {
                text.append(content.asText());
            } else if (content.isArray()) {
                for (JsonNode part : content) {
                    if (part.isTextual()) text.append(part.asText());
                    else if (part.path("text").isTextual()) text.append(part.get("text").asText());
                }
            } else {
                return null;
            }
            if (m.has("tool_calls")) text.append(m.get("tool_calls").toString());
            text.append('\n');
        }
        return new Prompt(text.toString(), messages.size(), -1);
    }

    /** A completion's prompt: a string, strings (their longest counts: each is its own request), or token ids. */
    private static Prompt completionPrompt(JsonNode prompt) {
        if (prompt == null || prompt.isNull()) return new Prompt("", 0, -1);
        if (prompt.isTextual()) return new Prompt(prompt.asText(), 0, -1);
        if (!prompt.isArray()) return null;
        if (!prompt.isEmpty() && prompt.get(0).isIntegralNumber()) return new Prompt("", 0, prompt.size());
        if (!prompt.isEmpty() && prompt.get(0).isArray()) {
            long most = 0;
            for (JsonNode ids : prompt) {
                if (!ids.isArray()) return null;
                most = Math.max(most, ids.size());
            }
            return new Prompt("", 0, most);
        }
        String longest = "";
        for (JsonNode p : prompt) {
            if (!p.isTextual()) return null;
            if (p.asText().length() > longest.length()) longest = p.asText();
        }
        return new Prompt(longest, 0, -1);
    }

    private static String clip(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }
}
