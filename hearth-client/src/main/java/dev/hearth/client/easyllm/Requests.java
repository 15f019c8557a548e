package dev.hearth.client.easyllm;

import dev.hearth.client.inference.InferenceClient;
import dev.hearth.client.inference.TextGenerationOutput;
import dev.hearth.client.inference.TextGenerationParameters;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntFunction;

/**
 * What EasyLLM's chat and completion clients share: the URL, the TGI parameters they derive from OpenAI-style
 * arguments (clients.md §3.2 step 5, with EasyLLM's bugs fixed, see {@link #parameters}), and response ids.
 */
final class Requests {

    private static final String NANOID_ALPHABET = "_-0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

    private Requests() {}

    /** {@code apiBase/model} when a model is named, else {@code apiBase} itself. */
    static String url(EasyLlmConfig config, String model) {
        return model == null ? config.apiBase() : config.apiBase() + "/" + model;
    }

    static InferenceClient client(EasyLlmConfig config, String url) {
        return InferenceClient.builder(url).token(config.apiKey().orElse(null)).retry(config.retry()).build();
    }

    /** EasyLLM's {@code stop_sequences + stop}. */
    static List<String> stops(EasyLlmConfig config, List<String> stop) {
        List<String> all = new ArrayList<>(config.stopSequences());
        if (stop != null) all.addAll(stop);
        return all;
    }

    /**
     * EasyLLM's mapping: {@code max_tokens → max_new_tokens}, {@code frequency_penalty → repetition_penalty},
     * {@code top_k} and the seed always, details on. Four fixes:
     * <ul>
     *   <li>{@code top_p ≥ 1} means no nucleus filtering and is left out (EasyLLM sends 1.0, which TGI rejects);
     *       {@code top_p = 0} is left out as in EasyLLM;</li>
     *   <li>{@code temperature = 0} is greedy decoding: no temperature, top-k or top-p are sent, since TGI samples
     *       whenever one of them is set (EasyLLM still sent {@code top_k});</li>
     *   <li>a {@code frequency_penalty ≤ 0} sends no {@code repetition_penalty} (TGI requires it to be positive);</li>
     *   <li>the seed is {@code seed + choice}, so that {@code n} choices are not {@code n} copies.</li>
     * </ul>
     */
    static TextGenerationParameters parameters(double temperature, double topP, int topK, int maxTokens,
                                               List<String> stops, double frequencyPenalty, long seed,
                                               boolean returnFullText) {
        boolean greedy = temperature == 0;
        TextGenerationParameters.Builder b = TextGenerationParameters.builder()
                .doSample(!greedy)
                .returnFullText(returnFullText)
                .maxNewTokens(maxTokens)
                .stop(stops)
                .repetitionPenalty(frequencyPenalty > 0 ? frequencyPenalty : null)
                .seed(seed)
                .details(true);
        if (!greedy) {
            b.temperature(temperature).topK(topK);
            if (topP > 0 && topP < 1) b.topP(topP);
        }
        return b.build();
    }

    /** {@code "hf-"} and a 10-character nanoid, as EasyLLM names its responses. */
    static String id() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        StringBuilder s = new StringBuilder("hf-");
        for (int i = 0; i < 10; i++) s.append(NANOID_ALPHABET.charAt(r.nextInt(NANOID_ALPHABET.length())));
        return s.toString();
    }

    static long now() {
        return System.currentTimeMillis() / 1000;
    }

    /** EasyLLM's character estimate, used when the server does not report the prompt's token count. */
    static int estimateTokens(String text) {
        return text.length() / 4;
    }

    /** The {@code n} answers of one create call, and the token counts its usage reports. */
    record Generated(List<TextGenerationOutput> outputs, int promptTokens, int generatedTokens) {}

    /**
     * EasyLLM's {@code create}: {@code n} text generations of one prompt, one request each (TGI has no server-side
     * {@code n}). Prompt tokens come from the server's count when it gives one, else EasyLLM's length/4 estimate.
     */
    static Generated generate(EasyLlmConfig config, String model, String prompt, int n,
                              IntFunction<TextGenerationParameters> parameters) {
        List<TextGenerationOutput> outputs = new ArrayList<>();
        int generated = 0;
        Integer promptTokens = null;
        try (InferenceClient client = client(config, url(config, model))) {
            for (int i = 0; i < n; i++) {
                TextGenerationOutput out = client.textGeneration(prompt, parameters.apply(i));
                outputs.add(out);
                generated += out.details().generatedTokens();
                if (out.promptTokens() != null) promptTokens = out.promptTokens();
            }
        }
        return new Generated(outputs, promptTokens != null ? promptTokens : estimateTokens(prompt), generated);
    }
}
