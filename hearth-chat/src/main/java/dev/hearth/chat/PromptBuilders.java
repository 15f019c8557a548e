package dev.hearth.chat;

import static dev.hearth.chat.EasyLlmPromptBuilder.strip;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * EasyLLM's prompt builders ({@code easyllm.prompt_utils}), reproduced exactly, including their
 * quirks (which roles are stripped, wizardlm's space joining, anthropic's trailing space).
 *
 * <p>Names are EasyLLM's {@code PROMPT_MAPPING} keys: {@code chatml_falcon}, {@code chatml_starchat},
 * {@code llama2}, {@code open_assistant}, {@code stablebeluga}, {@code vicuna}, {@code wizardlm},
 * {@code falcon}, {@code anthropic}. Two more are Hearth's:
 * <ul>
 *   <li>{@code chatml}: an alias of {@code chatml_falcon} (EasyLLM has no plain {@code chatml} key;
 *       Falcon's {@code <|endoftext|>} variant is the one its docs lead with).</li>
 *   <li>{@code base}: EasyLLM's {@code buildBasePrompt}, used when no builder is configured.
 *       For a bare string it returns the string unchanged, as EasyLLM sends a completion prompt
 *       raw when no builder is set. Its function-call error says "Llama 2", as EasyLLM's does.</li>
 * </ul>
 */
public final class PromptBuilders {
    private static final Map<String, PromptBuilder> BUILDERS = builders();

    private PromptBuilders() { }

    /**
     * The builder registered under {@code name} (case-sensitive).
     *
     * @throws IllegalArgumentException naming the available builders when there is none
     */
    public static PromptBuilder byName(String name) {
        PromptBuilder builder = BUILDERS.get(name);
        if (builder == null) {
            throw new IllegalArgumentException("Prompt builder " + name + " not found. Available prompt builders are: "
                    + String.join(", ", names()));
        }
        return builder;
    }

    /** Every accepted name, aliases included, in a stable order. */
    public static List<String> names() {
        return List.copyOf(BUILDERS.keySet());
    }

    private static Map<String, PromptBuilder> builders() {
        Map<String, PromptBuilder> m = new LinkedHashMap<>();
        PromptBuilder falcon = chatmlHf("chatml_falcon", "<|endoftext|>");
        m.put("chatml_falcon", falcon);
        m.put("chatml_starchat", chatmlHf("chatml_starchat", "<|end|>"));
        m.put("llama2", new EasyLlmPromptBuilder("llama2", "Llama 2",
                s -> "<<SYS>>\n" + s + "\n<</SYS>>\n\n",
                u -> strip(u),
                a -> " [/INST] " + a + " </s><s>[INST] ",
                "<s>[INST] ", "", false, " [/INST]", true, true, List.of("</s>")));
        m.put("open_assistant", simple("open_assistant", "Open Assistant",
                s -> "<|system|>" + strip(s) + "</s>",
                u -> "<|prompter|>" + strip(u) + "</s>",
                a -> "<|assistant|>" + strip(a) + "</s>",
                "<|assistant|>", List.of("</s>")));
        m.put("stablebeluga", simple("stablebeluga", "stablebeluga",
                s -> "### System:\n" + strip(s) + "\n\n",
                u -> "### User:\n" + strip(u) + "\n\n",
                a -> "### Assistant:\n" + strip(a) + "\n\n",
                "### Assistant:", List.of("</s>")));
        m.put("vicuna", simple("vicuna", "Vicuna",
                s -> strip(s) + "\n\n",
                u -> "USER: " + strip(u) + "\n",
                a -> "ASSISTANT: " + strip(a) + "</s>\n",
                "ASSISTANT: ", List.of("</s>")));
        m.put("wizardlm", new EasyLlmPromptBuilder("wizardlm", "WizardLM",
                s -> strip(s),
                u -> "USER: " + strip(u),
                a -> "ASSISTANT: " + strip(a),
                "", " ", true, " ASSISTANT: ", false, true, List.of("</s>")));
        m.put("falcon", simple("falcon", "falcon",
                s -> "System: " + s + "\n",
                u -> "User: " + strip(u) + "\n",
                a -> "Falcon: " + strip(a) + "\n",
                "Falcon: ", List.of("\nUser:", "<|endoftext|>", " User:", "###")));
        m.put("anthropic", simple("anthropic", "anthropic",
                s -> s,
                u -> "\n\nHuman: " + strip(u),
                a -> "\n\nAssistant: " + strip(a),
                "\n\nAssistant: ", List.of("\n\nUser:", "User:")));
        m.put("chatml", falcon);
        m.put("base", new BasePromptBuilder());
        return Collections.unmodifiableMap(m);
    }

    private static PromptBuilder chatmlHf(String name, String eos) {
        return simple(name, "HF ChatML",
                s -> "<|system|>\n" + strip(s) + eos + "\n",
                u -> "<|user|>\n" + strip(u) + eos + "\n",
                a -> "<|assistant|>\n" + strip(a) + eos + "\n",
                "<|assistant|>", List.of(eos));
    }

    private static PromptBuilder simple(String name, String displayName, UnaryOperator<String> system,
            UnaryOperator<String> user, UnaryOperator<String> assistant, String suffix, List<String> stops) {
        return new EasyLlmPromptBuilder(name, displayName, system, user, assistant, "", "", false, suffix, false, true, stops);
    }

    /** EasyLLM's {@code buildBasePrompt}: unstripped system and assistant text, no separator, no suffix. */
    private record BasePromptBuilder() implements PromptBuilder {
        private static final PromptBuilder FORMAT = new EasyLlmPromptBuilder("base", "Llama 2",
                s -> s, u -> "USER: " + strip(u), a -> "ASSISTANT: " + a, "", "", false, "", false, false, List.of());

        @Override
        public String name() {
            return "base";
        }

        @Override
        public String build(List<ChatMessage> messages) {
            return FORMAT.build(messages);
        }

        @Override
        public String build(String prompt) {
            return prompt;
        }

        @Override
        public List<String> stopSequences() {
            return List.of();
        }
    }
}
