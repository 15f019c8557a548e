package dev.hearth.client.easyllm;

import dev.hearth.client.inference.FeatureExtractionOptions;
import dev.hearth.client.inference.InferenceClient;

import java.util.ArrayList;
import java.util.List;

/**
 * EasyLLM's {@code huggingface.Embedding}: feature extraction, answered in OpenAI's embeddings shape.
 *
 * <p>URL: {@code apiBase/model} (or {@code apiBase} without a model); a base ending in {@code /models} (the serverless
 * API) becomes {@code .../pipeline/feature-extraction/<model>}, as in EasyLLM. The request is huggingface_hub's
 * feature extraction ({@code {"inputs": ...}}); EasyLLM also put {@code model} and {@code task} in the body, which
 * servers ignore since the URL names both.
 *
 * <p>Fixed: for a single string EasyLLM took the whole answer as the vector, so TEI's {@code [[...]]} failed its
 * validation; here a single string's answer may be flat or one row.
 */
public final class Embedding {

    private Embedding() {}

    /** With the configuration from the environment. */
    public static EmbeddingResponse create(String input, String model) {
        return create(EasyLlmConfig.fromEnvironment(), input, model);
    }

    /** With the configuration from the environment. */
    public static EmbeddingResponse create(List<String> input, String model) {
        return create(EasyLlmConfig.fromEnvironment(), input, model);
    }

    /** One text's embedding. */
    public static EmbeddingResponse create(EasyLlmConfig config, String input, String model) {
        try (InferenceClient client = Requests.client(config, url(config, model))) {
            float[] v = client.featureExtraction(input, FeatureExtractionOptions.defaults()).getFirst();
            return response(List.of(v), model, Requests.estimateTokens(input));
        }
    }

    /** Several texts' embeddings, in order. */
    public static EmbeddingResponse create(EasyLlmConfig config, List<String> input, String model) {
        try (InferenceClient client = Requests.client(config, url(config, model))) {
            List<float[]> vectors = client.featureExtraction(input, FeatureExtractionOptions.defaults());
            int tokens = input.stream().mapToInt(Requests::estimateTokens).sum();
            return response(vectors, model, tokens);
        }
    }

    static String url(EasyLlmConfig config, String model) {
        String base = config.apiBase();
        if (model != null && base.endsWith("/models")) {
            return base.substring(0, base.length() - "/models".length()) + "/pipeline/feature-extraction/" + model;
        }
        return Requests.url(config, model);
    }

    private static EmbeddingResponse response(List<float[]> vectors, String model, int tokens) {
        List<EmbeddingResponse.Data> data = new ArrayList<>();
        for (int i = 0; i < vectors.size(); i++) data.add(new EmbeddingResponse.Data(i, "embedding", vectors.get(i)));
        return new EmbeddingResponse("list", data, model, new Usage(tokens, 0, tokens));
    }
}
