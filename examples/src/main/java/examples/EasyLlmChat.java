package examples;

import dev.hearth.client.easyllm.ChatCompletion;
import dev.hearth.client.easyllm.ChatCompletionResponse;
import dev.hearth.client.easyllm.ChatCompletionStreamResponse;
import dev.hearth.client.easyllm.EasyLlmConfig;
import dev.hearth.client.inference.ChatMessage;

import java.util.List;
import java.util.stream.Stream;

/**
 * EasyLLM's ChatCompletion against a running endpoint. Configure as for EasyLLM:
 * HUGGINGFACE_API_BASE=<the endpoint's URL>, HUGGINGFACE_TOKEN=<token>, HUGGINGFACE_PROMPT=llama2 (optional).
 */
public final class EasyLlmChat {

    public static void main(String[] args) {
        EasyLlmConfig config = EasyLlmConfig.fromEnvironment();
        List<ChatMessage> messages = List.of(
                ChatMessage.system("\nYou are a helpful, respectful and honest assistant."),
                ChatMessage.user("Knock knock."));

        ChatCompletionResponse response = ChatCompletion.create(config,
                ChatCompletion.Request.builder(messages).temperature(0.9).topP(0.6).maxTokens(32).build());
        System.out.println(response.content());
        System.out.println(response.usage());

        try (Stream<ChatCompletionStreamResponse> chunks = ChatCompletion.stream(config,
                ChatCompletion.Request.builder(messages).maxTokens(32).build())) {
            chunks.forEach(c -> System.out.print(c.content()));
        }
        System.out.println();
    }
}
