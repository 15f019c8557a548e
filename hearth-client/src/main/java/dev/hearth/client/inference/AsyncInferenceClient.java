package dev.hearth.client.inference;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.function.Supplier;

/**
 * {@link InferenceClient}'s calls as {@link CompletableFuture}s, each on its own virtual thread (so thousands may be
 * in flight), and its streams as {@link Flow.Publisher}s. huggingface_hub's {@code AsyncInferenceClient}.
 *
 * <p>Cancelling a future does not stop its request; cancel a publisher's subscription to stop a stream.
 */
public final class AsyncInferenceClient implements AutoCloseable {

    /** A new virtual thread per task; holds no state, so it needs no shutdown. */
    private static final Executor VIRTUAL = task -> Thread.ofVirtual().name("hearth-async").start(task);

    private final InferenceClient client;

    /** Wraps a blocking client; closing this closes it. */
    public AsyncInferenceClient(InferenceClient client) {
        this.client = client;
    }

    /** The blocking client underneath. */
    public InferenceClient blocking() {
        return client;
    }

    /** {@link InferenceClient#textGeneration(String)}, asynchronously. */
    public CompletableFuture<String> textGeneration(String prompt) {
        return async(() -> client.textGeneration(prompt));
    }

    /** {@link InferenceClient#textGeneration(String, TextGenerationParameters)}, asynchronously. */
    public CompletableFuture<TextGenerationOutput> textGeneration(String prompt, TextGenerationParameters parameters) {
        return async(() -> client.textGeneration(prompt, parameters));
    }

    /** The generation stream as a publisher; cancelling the subscription cancels the generation. */
    public Flow.Publisher<StreamToken> textGenerationStream(String prompt, TextGenerationParameters parameters) {
        return client.textGenerationPublisher(prompt, parameters);
    }

    /** {@link InferenceClient#chatCompletion}, asynchronously. */
    public CompletableFuture<ChatCompletionOutput> chatCompletion(ChatCompletionRequest request) {
        return async(() -> client.chatCompletion(request));
    }

    /** The chat stream as a publisher; cancelling the subscription stops it. */
    public Flow.Publisher<ChatCompletionChunk> chatCompletionStream(ChatCompletionRequest request) {
        return client.chatCompletionPublisher(request);
    }

    /** {@link InferenceClient#featureExtraction(List, FeatureExtractionOptions)}, asynchronously. */
    public CompletableFuture<List<float[]>> featureExtraction(List<String> texts, FeatureExtractionOptions options) {
        return async(() -> client.featureExtraction(texts, options));
    }

    /** {@link InferenceClient#tokenize}, asynchronously. */
    public CompletableFuture<List<TokenInfo>> tokenize(String text) {
        return async(() -> client.tokenize(text));
    }

    /** {@link InferenceClient#health}, asynchronously. */
    public CompletableFuture<Boolean> health() {
        return async(client::health);
    }

    /** {@link InferenceClient#info}, asynchronously. */
    public CompletableFuture<ServerInfo> info() {
        return async(client::info);
    }

    private static <T> CompletableFuture<T> async(Supplier<T> call) {
        return CompletableFuture.supplyAsync(call, VIRTUAL);
    }

    /** Closes the blocking client underneath. */
    @Override
    public void close() {
        client.close();
    }
}
