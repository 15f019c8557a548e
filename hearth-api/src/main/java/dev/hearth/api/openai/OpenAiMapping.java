package dev.hearth.api.openai;

import dev.hearth.api.ApiException;
import dev.hearth.api.tgi.GenerateParameters;
import dev.hearth.api.tgi.GenerateRequest;
import dev.hearth.api.tgi.Limits;
import java.util.List;

/**
 * TGI's translation of the OpenAI routes into generate requests ({@code ChatRequest::try_into_generate},
 * {@code server.rs completions}). The results then go through
 * {@link dev.hearth.api.tgi.Validation} like any generate request, so the OpenAI routes refuse with
 * the same texts.
 */
public final class OpenAiMapping {

    /** The {@code model} name that means "the served model", not an adapter. */
    public static final String DEFAULT_MODEL_NAME = "tgi";

    private OpenAiMapping() {}

    /**
     * Generation parameters for a chat request:
     * <ul>
     *   <li>{@code temperature: 0} → greedy ({@code do_sample=false}, temperature unset); any
     *       other value or none → {@code do_sample=true} with that temperature;</li>
     *   <li>{@code presence_penalty} → {@code repetition_penalty = presence_penalty + 2.0}
     *       (so {@code -2} is refused later as not strictly positive);</li>
     *   <li>{@code top_logprobs} → {@code top_n_tokens}; {@code max_tokens} → {@code max_new_tokens};</li>
     *   <li>{@code response_format} → {@code grammar}; {@code model} other than null/"tgi" →
     *       {@code adapter_id};</li>
     *   <li>{@code details=true}, {@code decoder_input_details=false}; {@code n},
     *       {@code logit_bias}, {@code logprobs} (a response switch) do not reach generation.</li>
     * </ul>
     * The prompt is the chat template's output, tokenized without extra special tokens.
     *
     * @throws ApiException 422 {@code tool_error} "Tool error: Grammar and tools are mutually
     *         exclusive" when both {@code response_format} and {@code tools} are set
     */
    public static GenerateParameters chatParameters(ChatRequest r) {
        if (r.responseFormat() != null && r.tools() != null) {
            throw ApiException.toolError("Grammar and tools are mutually exclusive");
        }
        boolean greedy = isZero(r.temperature());
        return GenerateParameters.builder()
                .temperature(greedy ? null : r.temperature())
                .doSample(!greedy)
                .repetitionPenalty(r.presencePenalty() == null ? null : r.presencePenalty() + 2.0f)
                .frequencyPenalty(r.frequencyPenalty())
                .topP(r.topP())
                .maxNewTokens(r.maxTokens())
                .stop(r.stop())
                .details(true)
                .decoderInputDetails(false)
                .seed(r.seed())
                .topNTokens(r.topLogprobs())
                .grammar(r.responseFormat())
                .adapterId(adapterId(r.model()))
                .build();
    }

    /** The {@code model} a chat answer echoes: the request's, unless null or "tgi". */
    public static String chatModel(ChatRequest r, String servedModelId) {
        return adapterId(r.model()) == null ? servedModelId : r.model();
    }

    /**
     * One generate request per prompt (the answer's {@code model} is always the served id). Checks,
     * in TGI's order:
     * <ol>
     *   <li>{@code suffix} set → 422 {@code suffix not supported};</li>
     *   <li>more prompts than {@code max_client_batch_size} → 422 {@code batch size exceeded}.</li>
     * </ol>
     * Mapping: {@code temperature: 0} → greedy, as for chat; {@code repetition_penalty},
     * {@code frequency_penalty}, {@code top_p}, {@code seed}, {@code stop}, {@code max_tokens}
     * pass through; {@code details=true}; {@code decoder_input_details = !stream} (TGI's own
     * choice). Prompts are tokenized with special tokens.
     */
    public static List<GenerateRequest> completionRequests(CompletionRequest r, Limits limits) {
        if (r.suffix() != null) {
            throw new ApiException(422, "suffix not supported",
                    "Suffix is not supported and can be achieved by preprocessing the prompt.");
        }
        List<String> prompts = r.prompt().prompts();
        if (prompts.size() > limits.maxClientBatchSize()) {
            throw new ApiException(422, "batch size exceeded",
                    "Number of prompts exceeds the maximum allowed batch size of " + limits.maxClientBatchSize());
        }
        boolean greedy = isZero(r.temperature());
        GenerateParameters parameters = GenerateParameters.builder()
                .temperature(greedy ? null : r.temperature())
                .doSample(!greedy)
                .repetitionPenalty(r.repetitionPenalty())
                .frequencyPenalty(r.frequencyPenalty())
                .topP(r.topP())
                .maxNewTokens(r.maxTokens())
                .stop(r.stop())
                .details(true)
                .decoderInputDetails(!r.stream())
                .seed(r.seed())
                .grammar(r.responseFormat())
                .adapterId(adapterId(r.model()))
                .build();
        return prompts.stream().map(prompt -> new GenerateRequest(prompt, parameters)).toList();
    }

    /** Rust's {@code Some(0.0)} pattern, which {@code -0.0} matches too. */
    private static boolean isZero(Float temperature) {
        return temperature != null && temperature == 0.0f;
    }

    private static String adapterId(String model) {
        return model == null || model.equals(DEFAULT_MODEL_NAME) ? null : model;
    }
}
