package dev.hearth.client.inference;

import java.util.List;
import java.util.Objects;

/**
 * An OpenAI chat completion request for {@code <url>/v1/chat/completions}, as huggingface_hub's
 * {@code chat_completion} sends it: unset fields are left out, {@code model} is {@code "tgi"} unless given (TGI
 * echoes it; any other value would be taken as a LoRA adapter id). Build with {@link #builder(List)}.
 *
 * @param responseFormat a grammar ({@code json}, {@code json_object}, {@code regex}, {@code json_schema}) the answer
 *                       must follow
 * @param tools          functions the model may call; with {@code toolChoice} (default auto) and {@code toolPrompt}
 *                       (TGI's instruction after the tools; the server's default when null)
 */
public record ChatCompletionRequest(
        List<ChatMessage> messages,
        String model,
        Integer maxTokens,
        Double temperature,
        Double topP,
        Double frequencyPenalty,
        Double presencePenalty,
        Long seed,
        List<String> stop,
        Boolean logprobs,
        Integer topLogprobs,
        Grammar responseFormat,
        List<Tool> tools,
        ToolChoice toolChoice,
        String toolPrompt) {

    public ChatCompletionRequest {
        messages = List.copyOf(Objects.requireNonNull(messages, "messages"));
        stop = stop == null ? null : List.copyOf(stop);
        tools = tools == null ? null : List.copyOf(tools);
    }

    public static Builder builder(List<ChatMessage> messages) {
        return new Builder(messages);
    }

    /** The same request with {@code messages} instead (to continue a conversation). */
    public ChatCompletionRequest withMessages(List<ChatMessage> newMessages) {
        return new ChatCompletionRequest(newMessages, model, maxTokens, temperature, topP, frequencyPenalty,
                presencePenalty, seed, stop, logprobs, topLogprobs, responseFormat, tools, toolChoice, toolPrompt);
    }

    /** A fluent builder; every setter returns {@code this}. */
    public static final class Builder {
        private final List<ChatMessage> messages;
        private String model = "tgi";
        private Integer maxTokens, topLogprobs;
        private Double temperature, topP, frequencyPenalty, presencePenalty;
        private Long seed;
        private List<String> stop;
        private Boolean logprobs;
        private Grammar responseFormat;
        private List<Tool> tools;
        private ToolChoice toolChoice;
        private String toolPrompt;

        private Builder(List<ChatMessage> messages) {
            this.messages = messages;
        }

        public Builder model(String v) { model = v; return this; }
        public Builder maxTokens(Integer v) { maxTokens = v; return this; }
        /** 0 means greedy decoding on TGI's OpenAI routes. */
        public Builder temperature(Double v) { temperature = v; return this; }
        public Builder topP(Double v) { topP = v; return this; }
        public Builder frequencyPenalty(Double v) { frequencyPenalty = v; return this; }
        /** TGI turns it into {@code repetition_penalty = presence_penalty + 2}. */
        public Builder presencePenalty(Double v) { presencePenalty = v; return this; }
        public Builder seed(Long v) { seed = v; return this; }
        public Builder stop(List<String> v) { stop = v; return this; }
        public Builder logprobs(Boolean v) { logprobs = v; return this; }
        public Builder topLogprobs(Integer v) { topLogprobs = v; return this; }
        public Builder responseFormat(Grammar v) { responseFormat = v; return this; }
        public Builder tools(List<Tool> v) { tools = v; return this; }
        public Builder toolChoice(ToolChoice v) { toolChoice = v; return this; }
        public Builder toolPrompt(String v) { toolPrompt = v; return this; }

        public ChatCompletionRequest build() {
            return new ChatCompletionRequest(messages, model, maxTokens, temperature, topP, frequencyPenalty,
                    presencePenalty, seed, stop, logprobs, topLogprobs, responseFormat, tools, toolChoice, toolPrompt);
        }
    }
}
