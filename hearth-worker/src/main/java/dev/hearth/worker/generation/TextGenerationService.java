package dev.hearth.worker.generation;

import dev.hearth.api.ApiException;
import dev.hearth.api.tgi.GenerateParameters;
import dev.hearth.api.tgi.Limits;
import dev.hearth.api.tgi.TokenBudget;
import dev.hearth.api.tgi.ValidatedParameters;
import dev.hearth.api.tgi.Validation;
import dev.hearth.engine.ModelDescription;
import dev.hearth.engine.Tokenizer;
import dev.hearth.engine.batch.BatchScheduler;
import dev.hearth.engine.batch.GeneratedToken;
import dev.hearth.engine.batch.Generation;
import dev.hearth.engine.batch.GenerationEvent;
import dev.hearth.engine.batch.GenerationRequest;
import dev.hearth.engine.constraint.Constraint;
import dev.hearth.engine.sampling.SamplingParams;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Turns validated TGI parameters into engine work: tokenizes and truncates the prompt, checks the token limits,
 * picks the seed, submits to the scheduler, and for non-streaming callers waits for the result.
 */
public final class TextGenerationService {

    /** Longest silence tolerated from the scheduler before a request is failed rather than left hanging. */
    static final Duration STALL = Duration.ofMinutes(10);
    /** How often a generation without new tokens (a long prompt being read) looks whether its caller is still there. */
    static final Duration POLL = Duration.ofMillis(200);

    private final Tokenizer tokenizer;
    private final ModelDescription model;
    private final BatchScheduler scheduler;
    private final Limits limits;
    private final Constraints constraints;
    private final SecureRandom seeds = new SecureRandom();

    public TextGenerationService(Tokenizer tokenizer, ModelDescription model, BatchScheduler scheduler, Limits limits,
                                 Constraints constraints) {
        this.tokenizer = tokenizer;
        this.model = model;
        this.scheduler = scheduler;
        this.limits = limits;
        this.constraints = constraints;
    }

    public Limits limits() {
        return limits;
    }

    public Tokenizer tokenizer() {
        return tokenizer;
    }

    public ModelDescription model() {
        return model;
    }

    /**
     * Validates {@code parameters} and the token counts of {@code inputs}, in TGI's order.
     *
     * <p>Text is tokenized as TGI's fast tokenizer does: BOS added when the model asks for it, and special-token
     * text recognised (so a prompt rendered from a chat template keeps its markers as single tokens).
     */
    public PreparedRequest prepare(String inputs, GenerateParameters parameters, boolean streaming) {
        return prepare(inputs, parameters, streaming, true);
    }

    /**
     * @param addSpecial false for prompts rendered from a chat template, which already carry BOS where the
     *                   model wants it (TGI tokenizes them without extra special tokens)
     */
    public PreparedRequest prepare(String inputs, GenerateParameters parameters, boolean streaming, boolean addSpecial) {
        ValidatedParameters params = Validation.validateParameters(inputs, parameters, limits, streaming);
        int[] tokens = tokenizer.tokenize(inputs, addSpecial, true);
        TokenBudget budget = Validation.validateLength(tokens.length, params, limits);
        Constraint constraint = constraints.of(Validation.validateGrammar(params.grammar(), limits));
        int[] prompt = tokens.length > budget.inputLength()
                ? Arrays.copyOfRange(tokens, tokens.length - budget.inputLength(), tokens.length)
                : tokens;
        Long seed = params.doSample() ? (params.seed() != null ? params.seed() : seeds.nextLong() >>> 1) : null;
        return new PreparedRequest(inputs, params, prompt, budget, seed, constraint);
    }

    /** Starts one sequence; the caller drains its events (streaming). */
    public Generation start(PreparedRequest r) {
        return start(r, r.seed());
    }

    private Generation start(PreparedRequest r, Long seed) {
        ValidatedParameters p = r.params();
        SamplingParams sampling = new SamplingParams(p.doSample(), p.temperature(), p.topK(), p.topP(), p.typicalP(),
                p.repetitionPenalty(), p.frequencyPenalty(), 0.0, seed == null ? 0L : seed);
        return scheduler.submit(new GenerationRequest(r.prompt(), sampling, r.budget().maxNewTokens(), p.stop(),
                p.topNTokens(), p.decoderInputDetails(), r.constraint()));
    }

    /**
     * Runs to the end and returns the result. With best_of > 1, runs that many sequences with their own seeds
     * and keeps the one with the highest mean token logprob; the others come back in {@link Completion#others()}.
     */
    public Completion complete(PreparedRequest r) {
        return complete(r, () -> false);
    }

    /**
     * As {@link #complete(PreparedRequest)}, cancelling the work as soon as {@code abandoned} says the caller has gone
     * (checked on every token and at least every {@link #POLL}).
     *
     * @throws Abandoned when it was cancelled for that reason
     */
    public Completion complete(PreparedRequest r, BooleanSupplier abandoned) {
        int n = r.params().bestOf();
        if (n <= 1) return await(start(r), r.seed(), abandoned);
        List<Long> seedsUsed = new ArrayList<>();
        List<Generation> running = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long seed = seeds.nextLong() >>> 1;
            seedsUsed.add(seed);
            running.add(start(r, seed));
        }
        List<Completion> done = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) done.add(await(running.get(i), seedsUsed.get(i), abandoned));
        } finally {
            running.forEach(Generation::cancel);
        }
        Completion best = done.stream().max(Comparator.comparingDouble(Completion::meanLogprob)).orElseThrow();
        List<Completion> others = done.stream().filter(c -> c != best).toList();
        return new Completion(best.tokens(), best.result(), best.seed(), others);
    }

    private Completion await(Generation g, Long seed, BooleanSupplier abandoned) {
        List<GeneratedToken> tokens = new ArrayList<>();
        long stallSince = System.nanoTime();
        try {
            while (true) {
                GenerationEvent e = g.next(POLL);
                if (abandoned.getAsBoolean()) {
                    g.cancel();
                    throw new Abandoned();
                }
                if (e == null) {
                    if (System.nanoTime() - stallSince < STALL.toNanos()) continue;
                    g.cancel();
                    throw generationError("no progress for " + STALL.toMinutes() + " minutes");
                }
                stallSince = System.nanoTime();
                switch (e) {
                    case GenerationEvent.Token t -> {
                        tokens.add(t.token());
                        if (t.last()) return new Completion(List.copyOf(tokens), t.result(), seed, List.of());
                    }
                    case GenerationEvent.Failed f -> throw generationError(f.message());
                }
            }
        } catch (InterruptedException ie) {
            g.cancel();
            Thread.currentThread().interrupt();
            throw generationError("interrupted");
        }
    }

    /** The caller went away, so its generation was cancelled; there is no one to answer. */
    public static final class Abandoned extends RuntimeException {
        Abandoned() {
            super("the client closed its connection", null, false, false);
        }
    }

    /** TGI's GenerationError: 424 {@code generation}. */
    public static ApiException generationError(String detail) {
        return new ApiException(424, "generation", "Request failed during generation: " + detail);
    }
}
