package dev.hearth.chat;

import java.util.Objects;

/**
 * One chat turn as EasyLLM's prompt builders take it: a role ({@code system}, {@code user},
 * {@code assistant} or {@code function}) and its text.
 */
public record ChatMessage(String role, String content) {
    public ChatMessage {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(content, "content");
    }
}
