package dev.hearth.client.easyllm;

import dev.hearth.chat.PromptBuilder;
import dev.hearth.chat.PromptBuilders;
import dev.hearth.client.Credentials;
import dev.hearth.client.inference.RetryPolicy;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The settings EasyLLM keeps as module attributes of {@code easyllm.clients.huggingface}, as one immutable value.
 *
 * <p>{@link #fromEnvironment()} reads, once: {@code HUGGINGFACE_TOKEN} (else {@code HF_TOKEN}, else the Hugging Face
 * token file) for {@code apiKey}; {@code HUGGINGFACE_API_BASE} for {@code apiBase} (default
 * {@code https://api-inference.huggingface.co/models}); {@code HUGGINGFACE_PROMPT} for the prompt builder (a name
 * from {@link PromptBuilders#names()}; unset means EasyLLM's base format for chat and the raw prompt for
 * completions).
 *
 * @param apiKey        the bearer token; empty sends none
 * @param apiBase       requests go to {@code apiBase/model}, or to {@code apiBase} itself when no model is given
 * @param promptBuilder {@code null} for EasyLLM's default
 * @param stopSequences prepended to every request's stop list
 * @param seed          sent with every request (EasyLLM's {@code 42}); choice {@code i} of {@code n} uses
 *                      {@code seed + i}, so that the choices differ
 * @param retry         how 503s of a waking endpoint are retried (EasyLLM's hub client retried for ever)
 */
public record EasyLlmConfig(Optional<String> apiKey, String apiBase, PromptBuilder promptBuilder,
                            List<String> stopSequences, long seed, RetryPolicy retry) {

    public static final String DEFAULT_API_BASE = "https://api-inference.huggingface.co/models";

    public EasyLlmConfig {
        Objects.requireNonNull(apiKey, "apiKey");
        apiBase = Objects.requireNonNull(apiBase, "apiBase").replaceAll("/+$", "");
        stopSequences = List.copyOf(stopSequences);
        Objects.requireNonNull(retry, "retry");
    }

    /** From the process environment. */
    public static EasyLlmConfig fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    /** From the given environment. @throws IllegalArgumentException for an unknown {@code HUGGINGFACE_PROMPT} */
    public static EasyLlmConfig fromEnvironment(Map<String, String> env) {
        Optional<String> key = Optional.ofNullable(env.get("HUGGINGFACE_TOKEN")).filter(s -> !s.isBlank())
                .or(() -> Credentials.huggingFaceToken(env));
        String base = Optional.ofNullable(env.get("HUGGINGFACE_API_BASE")).filter(s -> !s.isBlank()).orElse(DEFAULT_API_BASE);
        String prompt = env.get("HUGGINGFACE_PROMPT");
        PromptBuilder builder = prompt == null || prompt.isBlank() ? null : PromptBuilders.byName(prompt.strip());
        return new EasyLlmConfig(key, base, builder, List.of(), 42, RetryPolicy.coldStart());
    }

    public EasyLlmConfig withApiKey(String key) {
        return new EasyLlmConfig(Optional.ofNullable(key), apiBase, promptBuilder, stopSequences, seed, retry);
    }

    public EasyLlmConfig withApiBase(String base) {
        return new EasyLlmConfig(apiKey, base, promptBuilder, stopSequences, seed, retry);
    }

    /** A builder by EasyLLM name ({@code llama2}, {@code chatml_falcon}, ...); {@code null} for the default. */
    public EasyLlmConfig withPromptBuilder(String name) {
        return withPromptBuilder(name == null ? null : PromptBuilders.byName(name));
    }

    /** Any builder, like assigning a callable to EasyLLM's {@code prompt_builder}. */
    public EasyLlmConfig withPromptBuilder(PromptBuilder builder) {
        return new EasyLlmConfig(apiKey, apiBase, builder, stopSequences, seed, retry);
    }

    public EasyLlmConfig withStopSequences(List<String> stops) {
        return new EasyLlmConfig(apiKey, apiBase, promptBuilder, stops, seed, retry);
    }

    public EasyLlmConfig withSeed(long s) {
        return new EasyLlmConfig(apiKey, apiBase, promptBuilder, stopSequences, s, retry);
    }

    public EasyLlmConfig withRetry(RetryPolicy r) {
        return new EasyLlmConfig(apiKey, apiBase, promptBuilder, stopSequences, seed, r);
    }

    @Override
    public String toString() {
        return "EasyLlmConfig[apiKey=" + (apiKey.isPresent() ? "<set>" : "<none>") + ", apiBase=" + apiBase
                + ", promptBuilder=" + (promptBuilder == null ? "<default>" : promptBuilder.name())
                + ", stopSequences=" + stopSequences + ", seed=" + seed + ", retry=" + retry + "]";
    }
}
