package dev.hearth.client.easyllm;

import dev.hearth.chat.PromptBuilder;
import dev.hearth.chat.PromptBuilders;
import dev.hearth.client.inference.ChatMessage;
import dev.hearth.client.inference.InferenceClient;
import dev.hearth.client.inference.StreamToken;
import dev.hearth.client.inference.TextGenerationOutput;
import dev.hearth.client.inference.TextGenerationParameters;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * EasyLLM's {@code huggingface.ChatCompletion}: OpenAI-style chat over a TGI text-generation endpoint. The messages
 * are rendered client-side by the configured prompt builder, then sent to {@code POST <apiBase>[/model]} with the
 * parameters of clients.md §3.2 ({@link Requests#parameters} lists where Hearth fixes EasyLLM's bugs).
 *
 * <pre>{@code
 * var config = EasyLlmConfig.fromEnvironment().withPromptBuilder("llama2");
 * ChatCompletionResponse r = ChatCompletion.create(config, ChatCompletion.Request.builder(List.of(
 *         ChatMessage.system("You are a helpful assistant."), ChatMessage.user("Knock knock."))).build());
 * System.out.println(r.content());
 * }</pre>
 */
public final class ChatCompletion {

    private static final Set<String> ROLES = Set.of("user", "assistant", "function", "system");

    private ChatCompletion() {}

    /**
     * EasyLLM's {@code ChatCompletion.create} arguments, with its defaults: temperature 0.9, top_p 0.6, top_k 10,
     * n 1, max_tokens 1024, frequency_penalty 1.0 (sent as {@code repetition_penalty}).
     *
     * @param model {@code null} to post to the API base itself (a custom endpoint URL)
     */
    public record Request(List<ChatMessage> messages, String model, double temperature, double topP, int topK, int n,
                          int maxTokens, List<String> stop, double frequencyPenalty) {

        public Request {
            messages = List.copyOf(Objects.requireNonNull(messages, "messages"));
            stop = stop == null ? List.of() : List.copyOf(stop);
            for (ChatMessage m : messages) {
                if (!ROLES.contains(m.role())) {
                    throw new IllegalArgumentException("role must be one of user, assistant, function, system; got " + m.role());
                }
                if (m.content() == null) throw new IllegalArgumentException("every message needs a string content");
            }
            if (n < 1) throw new IllegalArgumentException("n must be at least 1");
        }

        public static Builder builder(List<ChatMessage> messages) {
            return new Builder(messages);
        }

        /** A fluent builder with EasyLLM's defaults. */
        public static final class Builder {
            private final List<ChatMessage> messages;
            private String model;
            private double temperature = 0.9, topP = 0.6, frequencyPenalty = 1.0;
            private int topK = 10, n = 1, maxTokens = 1024;
            private List<String> stop = List.of();

            private Builder(List<ChatMessage> messages) { this.messages = messages; }

            public Builder model(String v) { model = v; return this; }
            /** 0 is greedy decoding. */
            public Builder temperature(double v) { temperature = v; return this; }
            /** 0 or ≥ 1 turn nucleus sampling off. */
            public Builder topP(double v) { topP = v; return this; }
            public Builder topK(int v) { topK = v; return this; }
            /** Choices, generated one after the other (TGI has no {@code n}). */
            public Builder n(int v) { n = v; return this; }
            public Builder maxTokens(int v) { maxTokens = v; return this; }
            public Builder stop(List<String> v) { stop = v; return this; }
            /** Sent as TGI's {@code repetition_penalty}, as EasyLLM does. */
            public Builder frequencyPenalty(double v) { frequencyPenalty = v; return this; }

            public Request build() {
                return new Request(messages, model, temperature, topP, topK, n, maxTokens, stop, frequencyPenalty);
            }
        }
    }

    /** With the configuration from the environment. */
    public static ChatCompletionResponse create(Request request) {
        return create(EasyLlmConfig.fromEnvironment(), request);
    }

    /** Generates {@code n} answers, one request each. */
    public static ChatCompletionResponse create(EasyLlmConfig config, Request request) {
        String prompt = prompt(config, request.messages());
        List<String> stops = Requests.stops(config, request.stop());
        Requests.Generated g = Requests.generate(config, request.model(), prompt, request.n(), i -> parameters(config, request, stops, i));
        List<ChatCompletionResponse.Choice> choices = new ArrayList<>();
        for (int i = 0; i < g.outputs().size(); i++) {
            TextGenerationOutput out = g.outputs().get(i);
            choices.add(new ChatCompletionResponse.Choice(i, ChatMessage.assistant(out.generatedText()), out.details().finishReason()));
        }
        return new ChatCompletionResponse(Requests.id(), "chat.completion", Requests.now(), request.model(), choices,
                new Usage(g.promptTokens(), g.generatedTokens(), g.promptTokens() + g.generatedTokens()));
    }

    /** {@code create(stream=True)} with the configuration from the environment. */
    public static Stream<ChatCompletionStreamResponse> stream(Request request) {
        return stream(EasyLlmConfig.fromEnvironment(), request);
    }

    /**
     * Streams one answer: a role chunk, a chunk per non-special token (ending early at a token that is exactly a
     * stop string, as EasyLLM does), and a final chunk with the finish reason. Close the stream to stop early.
     *
     * @throws IllegalArgumentException "Cannot stream more than one completion" when {@code n > 1}
     */
    public static Stream<ChatCompletionStreamResponse> stream(EasyLlmConfig config, Request request) {
        if (request.n() > 1) throw new IllegalArgumentException("Cannot stream more than one completion");
        String prompt = prompt(config, request.messages());
        List<String> stops = Requests.stops(config, request.stop());
        InferenceClient client = Requests.client(config, Requests.url(config, request.model()));
        Stream<StreamToken> tokens;
        try {
            tokens = client.textGenerationStream(prompt, parameters(config, request, stops, 0));
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
        Chunks chunks = new Chunks(Requests.id(), Requests.now(), request.model(), tokens, stops);
        return StreamSupport.stream(chunks, false).onClose(() -> {
            tokens.close();
            client.close();
        });
    }

    private static TextGenerationParameters parameters(EasyLlmConfig c, Request r, List<String> stops, int choice) {
        return Requests.parameters(r.temperature(), r.topP(), r.topK(), r.maxTokens(), stops, r.frequencyPenalty(),
                c.seed() + choice, false);
    }

    private static String prompt(EasyLlmConfig config, List<ChatMessage> messages) {
        PromptBuilder builder = config.promptBuilder() != null ? config.promptBuilder() : PromptBuilders.byName("base");
        return builder.build(messages.stream().map(m -> new dev.hearth.chat.ChatMessage(m.role(), m.content())).toList());
    }

    /** TGI stream events to chat chunks: role first, then tokens, then the finish reason. */
    private static final class Chunks extends Spliterators.AbstractSpliterator<ChatCompletionStreamResponse> {
        private final String id;
        private final long created;
        private final String model;
        private final Stream<StreamToken> source;
        private final Iterator<StreamToken> tokens;
        private final List<String> stops;
        private boolean started, finished;
        private String finishReason;

        Chunks(String id, long created, String model, Stream<StreamToken> source, List<String> stops) {
            super(Long.MAX_VALUE, Spliterator.ORDERED | Spliterator.NONNULL);
            this.id = id;
            this.created = created;
            this.model = model;
            this.source = source;
            this.tokens = source.iterator();
            this.stops = stops;
        }

        @Override
        public boolean tryAdvance(Consumer<? super ChatCompletionStreamResponse> action) {
            if (finished) return false;
            if (!started) {
                started = true;
                action.accept(chunk(new ChatCompletionStreamResponse.Delta("assistant", null), null));
                return true;
            }
            while (tokens.hasNext()) {
                StreamToken t = tokens.next();
                if (t.details() != null) finishReason = t.details().finishReason();
                if (t.token().special()) continue;
                if (stops.contains(t.token().text())) break;
                action.accept(chunk(new ChatCompletionStreamResponse.Delta(null, t.token().text()), null));
                return true;
            }
            finished = true;
            source.close(); // the answer is complete: release the connection now, not when the caller closes
            action.accept(chunk(new ChatCompletionStreamResponse.Delta(null, null), openAiFinishReason(finishReason)));
            return true;
        }

        private ChatCompletionStreamResponse chunk(ChatCompletionStreamResponse.Delta delta, String finish) {
            return new ChatCompletionStreamResponse(id, "chat.completion.chunk", created, model,
                    List.of(new ChatCompletionStreamResponse.Choice(0, delta, finish)));
        }
    }

    /**
     * EasyLLM's stream schema allows only {@code stop} and {@code length}, yet passed TGI's {@code eos_token} or
     * {@code stop_sequence} through and failed validation on the last chunk. Both mean the model stopped: {@code stop}.
     */
    static String openAiFinishReason(String tgi) {
        return "length".equals(tgi) ? "length" : "stop";
    }
}
