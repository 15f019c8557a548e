package dev.hearth.engine.sampling;

/**
 * How the next token is chosen. Values use TGI's neutral defaults: temperature 1, topK 0 (off), topP 1 (off),
 * typicalP 1 (off), repetitionPenalty 1 (off), frequency and presence penalties 0 (off).
 *
 * @param doSample draw from the distribution; false means greedy (argmax), ignoring the warpers
 * @param seed     seed of this sequence's random generator; the same seed and parameters give the same tokens
 */
public record SamplingParams(
        boolean doSample,
        double temperature,
        int topK,
        double topP,
        double typicalP,
        double repetitionPenalty,
        double frequencyPenalty,
        double presencePenalty,
        long seed) {

    public static SamplingParams greedy() {
        return new SamplingParams(false, 1.0, 0, 1.0, 1.0, 1.0, 0.0, 0.0, 0L);
    }

    boolean penalizes() {
        return repetitionPenalty != 1.0 || frequencyPenalty != 0.0 || presencePenalty != 0.0;
    }
}
