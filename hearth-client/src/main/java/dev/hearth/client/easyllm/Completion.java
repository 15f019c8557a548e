package dev.hearth.client.easyllm;

import dev.hearth.client.inference.InferenceClient;
import dev.hearth.client.inference.StreamToken;
import dev.hearth.client.inference.TextGenerationOutput;
import dev.hearth.client.inference.TextGenerationParameters;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * EasyLLM's {@code huggingface.Completion}: a prompt (plus {@code suffix}, passed through the prompt builder when one
 * is configured) completed by a TGI text-generation endpoint. Parameters as {@link ChatCompletion}, with
 * {@code return_full_text = echo}.
 */
public final class Completion {

    private Completion() {}

    /**
     * EasyLLM's {@code Completion.create} arguments and defaults.
     *
     * @param suffix   appended to the prompt client-side, or {@code null}
     * @param logprobs return TGI's detail tokens with each choice
     * @param echo     return the prompt followed by the completion
     */
    public record Request(String prompt, String model, String suffix, double temperature, double topP, int topK, int n,
                          int maxTokens, List<String> stop, double frequencyPenalty, boolean logprobs, boolean echo) {

        public Request {
            Objects.requireNonNull(prompt, "prompt");
            stop = stop == null ? List.of() : List.copyOf(stop);
            if (n < 1) throw new IllegalArgumentException("n must be at least 1");
        }

        public static Builder builder(String prompt) {
            return new Builder(prompt);
        }

        /** A fluent builder with EasyLLM's defaults (temperature 0.9, top_p 0.6, top_k 10, max_tokens 1024, ...). */
        public static final class Builder {
            private final String prompt;
            private String model, suffix;
            private double temperature = 0.9, topP = 0.6, frequencyPenalty = 1.0;
            private int topK = 10, n = 1, maxTokens = 1024;
            private List<String> stop = List.of();
            private boolean logprobs, echo;

            private Builder(String prompt) { this.prompt = prompt; }

            public Builder model(String v) { model = v; return this; }
            public Builder suffix(String v) { suffix = v; return this; }
            public Builder temperature(double v) { temperature = v; return this; }
            public Builder topP(double v) { topP = v; return this; }
            public Builder topK(int v) { topK = v; return this; }
            public Builder n(int v) { n = v; return this; }
            public Builder maxTokens(int v) { maxTokens = v; return this; }
            public Builder stop(List<String> v) { stop = v; return this; }
            public Builder frequencyPenalty(double v) { frequencyPenalty = v; return this; }
            public Builder logprobs(boolean v) { logprobs = v; return this; }
            public Builder echo(boolean v) { echo = v; return this; }

            public Request build() {
                return new Request(prompt, model, suffix, temperature, topP, topK, n, maxTokens, stop, frequencyPenalty,
                        logprobs, echo);
            }
        }
    }

    /** With the configuration from the environment. */
    public static CompletionResponse create(Request request) {
        return create(EasyLlmConfig.fromEnvironment(), request);
    }

    /** Generates {@code n} completions, one request each. */
    public static CompletionResponse create(EasyLlmConfig config, Request request) {
        String prompt = prompt(config, request);
        List<String> stops = Requests.stops(config, request.stop());
        Requests.Generated g = Requests.generate(config, request.model(), prompt, request.n(), i -> parameters(config, request, stops, i));
        List<CompletionResponse.Choice> choices = new ArrayList<>();
        for (int i = 0; i < g.outputs().size(); i++) {
            TextGenerationOutput out = g.outputs().get(i);
            choices.add(new CompletionResponse.Choice(i, out.generatedText(), out.details().finishReason(),
                    request.logprobs() ? out.details().tokens() : null));
        }
        return new CompletionResponse(Requests.id(), "text.completion", Requests.now(), request.model(), choices,
                new Usage(g.promptTokens(), g.generatedTokens(), g.promptTokens() + g.generatedTokens()));
    }

    /** {@code create(stream=True)} with the configuration from the environment. */
    public static Stream<CompletionStreamResponse> stream(Request request) {
        return stream(EasyLlmConfig.fromEnvironment(), request);
    }

    /**
     * Streams one completion, a chunk per non-special token, ending early at a token that is exactly a stop string;
     * there is no final chunk (as in EasyLLM). Close the stream to stop early.
     */
    public static Stream<CompletionStreamResponse> stream(EasyLlmConfig config, Request request) {
        if (request.n() > 1) throw new IllegalArgumentException("Cannot stream more than one completion");
        String prompt = prompt(config, request);
        List<String> stops = Requests.stops(config, request.stop());
        InferenceClient client = Requests.client(config, Requests.url(config, request.model()));
        Stream<StreamToken> tokens;
        try {
            tokens = client.textGenerationStream(prompt, parameters(config, request, stops, 0));
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
        String id = Requests.id();
        long created = Requests.now();
        return tokens
                .filter(t -> !t.token().special())
                .takeWhile(t -> !stops.contains(t.token().text()))
                .map(t -> new CompletionStreamResponse(id, "text.completion", created, request.model(),
                        List.of(new CompletionStreamResponse.Choice(0, t.token().text(), t.token().logprob()))))
                .onClose(() -> {
                    tokens.close();
                    client.close();
                });
    }

    private static TextGenerationParameters parameters(EasyLlmConfig c, Request r, List<String> stops, int choice) {
        return Requests.parameters(r.temperature(), r.topP(), r.topK(), r.maxTokens(), stops, r.frequencyPenalty(),
                c.seed() + choice, r.echo());
    }

    private static String prompt(EasyLlmConfig config, Request request) {
        String prompt = request.suffix() == null ? request.prompt() : request.prompt() + request.suffix();
        return config.promptBuilder() == null ? prompt : config.promptBuilder().build(prompt);
    }
}
