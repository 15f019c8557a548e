package dev.hearth.engine.batch;

import dev.hearth.engine.FinishReason;

import java.util.List;

/**
 * How a sequence ended.
 *
 * @param text            the generated text (special tokens excluded; cut after a stop sequence)
 * @param generatedTokens tokens generated, the final EOS included
 * @param promptTokens    prompt logprobs, when they were asked for; otherwise empty
 * @param queueNanos      time from submission until the sequence joined a batch
 * @param inferenceNanos  time from joining a batch until the end
 * @param cachedTokens    prompt tokens taken from the prompt cache instead of being prefilled
 */
public record GenerationResult(
        String text,
        FinishReason finishReason,
        int generatedTokens,
        int inputTokens,
        List<PromptToken> promptTokens,
        long queueNanos,
        long inferenceNanos,
        int cachedTokens) {}
