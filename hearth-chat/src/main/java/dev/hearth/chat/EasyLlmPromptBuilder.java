package dev.hearth.chat;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * One EasyLLM prompt format: each message is wrapped by its role's template, the parts are joined,
 * then {@code prefix} and {@code suffix} are added. Content stripping uses Python's {@code str.strip}
 * and is done (or not) per role exactly where EasyLLM does it.
 */
record EasyLlmPromptBuilder(
        String name,
        String displayName,
        UnaryOperator<String> system,
        UnaryOperator<String> user,
        UnaryOperator<String> assistant,
        String prefix,
        String separator,
        boolean leftStripJoined,
        String suffix,
        boolean bareStringIsUserOnly,
        boolean rejectsEmpty,
        List<String> stopSequences) implements PromptBuilder {

    static String strip(String s) {
        return Strings.strip(s, null, true, true);
    }

    @Override
    public String build(List<ChatMessage> messages) {
        if (rejectsEmpty && messages.isEmpty()) {
            // EasyLLM's named builders read messages[0] before anything else and fail on an empty list.
            throw new IllegalArgumentException("messages must not be empty");
        }
        List<String> parts = new ArrayList<>(messages.size());
        for (int i = 0; i < messages.size(); i++) {
            ChatMessage m = messages.get(i);
            parts.add(switch (m.role()) {
                case "user" -> user.apply(m.content());
                case "assistant" -> assistant.apply(m.content());
                case "function" -> throw new IllegalArgumentException(displayName + " does not support function calls.");
                case "system" -> {
                    if (i != 0) throw new IllegalArgumentException("Invalid message role: system");
                    yield system.apply(m.content());
                }
                default -> throw new IllegalArgumentException("Invalid message role: " + m.role());
            });
        }
        String joined = String.join(separator, parts);
        if (leftStripJoined) joined = Strings.strip(joined, null, true, false);
        return prefix + joined + suffix;
    }

    @Override
    public String build(String prompt) {
        ChatMessage user = new ChatMessage("user", prompt);
        return build(bareStringIsUserOnly ? List.of(user) : List.of(new ChatMessage("system", ""), user));
    }
}
