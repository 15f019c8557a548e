package dev.hearth.chat;

import java.util.List;

/**
 * Turns chat messages into one prompt string, byte for byte as an EasyLLM prompt builder does.
 * Obtain instances from {@link PromptBuilders}.
 */
public interface PromptBuilder {
    /** The EasyLLM name, e.g. {@code llama2}; an alias resolves to the builder's own name. */
    String name();

    /**
     * Builds the prompt.
     *
     * @throws IllegalArgumentException for a {@code function} message ("… does not support function
     *     calls."), a {@code system} message anywhere but first, or any other role
     */
    String build(List<ChatMessage> messages);

    /**
     * Builds the prompt for a bare string, as EasyLLM does for completions: it becomes an empty
     * system message followed by a user message ({@code llama2}: the user message alone).
     */
    String build(String prompt);

    /** Stop sequences EasyLLM exports for this format. They are advice: nothing applies them automatically. */
    List<String> stopSequences();
}
