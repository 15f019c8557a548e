package dev.hearth.engine.batch;

import dev.hearth.engine.FinishReason;
import dev.hearth.engine.Tokenizer;
import dev.hearth.engine.constraint.ConstraintState;
import dev.hearth.engine.sampling.Sampler;
import dev.hearth.engine.sampling.TokenChoice;
import dev.hearth.engine.text.IncrementalDecoder;
import dev.hearth.engine.text.StopSequences;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One admitted request's state inside the scheduler: its cache slot, how much of the prompt is in the cache, what
 * it has generated. Touched only by the scheduler thread.
 *
 * <p>Invariant: {@code cached} positions of the sequence are in the KV cache; the prompt is cached first
 * ({@code cached <= prompt.length} while prefilling), then each step adds the last generated token.
 */
final class Sequence implements AutoCloseable {

    final GenerationRequest request;
    final Generation handle;
    final int slot;
    final long submittedAt;
    final long admittedAt;
    private final Tokenizer tokenizer;
    private final Sampler sampler;
    /** This sequence's grammar state, or null when unconstrained; released by {@link #close}. */
    private final ConstraintState constraint;
    private final IncrementalDecoder decoder = new IncrementalDecoder();
    private final StopSequences stops;
    private final StringBuilder text = new StringBuilder();
    private final List<PromptToken> promptTokens;
    /** Prompt tokens found in the slot's cache at admission (the prompt cache); never the whole prompt. */
    final int reused;
    int cached;
    /**
     * Leading cached positions computed in whole chunks of the prefill grid (see PrefixCache): what the prompt
     * cache may keep of this sequence. Starts at {@code reused}, which is on the grid.
     */
    int onGrid;
    int lastToken = -1;
    int generated;
    /** The prompt, then each generated token: what positions 0 .. cached-1 of the slot's cache hold. */
    private int[] tokens;

    Sequence(GenerationRequest request, Generation handle, PrefixCache.Lease lease, long submittedAt, Tokenizer tokenizer) {
        this.request = request;
        this.handle = handle;
        this.slot = lease.slot();
        this.reused = lease.reused();
        this.cached = lease.reused();
        this.onGrid = lease.reused();
        this.tokens = request.prompt();
        this.submittedAt = submittedAt;
        this.admittedAt = System.nanoTime();
        this.tokenizer = tokenizer;
        this.sampler = new Sampler(request.sampling(), tokenizer.vocabSize(), request.prompt());
        this.stops = new StopSequences(request.stop());
        this.constraint = request.constraint() == null ? null : request.constraint().start();
        this.promptTokens = request.promptLogprobs() ? new ArrayList<>() : List.of();
        if (request.promptLogprobs()) {
            int first = request.prompt()[0];
            promptTokens.add(new PromptToken(first, pieceText(first), Double.NaN));
        }
    }

    boolean prefilling() {
        return cached < request.prompt().length;
    }

    int promptRemaining() {
        return request.prompt().length - cached;
    }

    /** Records the logprob of prompt token {@code index + 1} given logits computed at prompt position {@code index}. */
    void recordPromptLogprob(int index, float[] logits) {
        int next = request.prompt()[index + 1];
        promptTokens.add(new PromptToken(next, pieceText(next), Sampler.logprob(logits, next)));
    }

    /**
     * Chooses and records the next token from {@code logits} and emits it; returns how the sequence ends, or null
     * to go on. The token event of the last token carries the result.
     */
    FinishReason advance(float[] logits, int contextLimit) {
        TokenChoice choice = sampler.choose(logits, request.topNTokens(), constraint);
        int token = choice.token();
        sampler.accept(token);
        // End-of-generation ends the sequence, so the grammar need not hear of it.
        if (constraint != null && !tokenizer.isEndOfGeneration(token)) constraint.accept(token);
        lastToken = token;
        remember(token);
        generated++;
        boolean special = tokenizer.isSpecial(token);
        String piece;
        int cut = -1;
        if (special) {
            piece = pieceText(token);
        } else {
            piece = decoder.push(tokenizer.pieceBytes(token, false));
            text.append(piece);
            cut = stops.check(text, piece.length());
        }
        FinishReason end;
        if (tokenizer.isEndOfGeneration(token)) end = FinishReason.EOS_TOKEN;
        else if (cut >= 0) end = FinishReason.STOP_SEQUENCE;
        else if (generated >= request.maxNewTokens() || cached + 1 >= contextLimit) end = FinishReason.LENGTH;
        else end = null;
        if (cut >= 0) text.setLength(cut);
        GeneratedToken generatedToken = new GeneratedToken(token, piece, choice.logprob(), special, alternatives(choice));
        handle.emit(new GenerationEvent.Token(generatedToken, end == null ? null : result(end)));
        return end;
    }

    /** Releases the grammar state; the scheduler calls it once the sequence has left the batch. */
    @Override
    public void close() {
        if (constraint != null) constraint.close();
    }

    private void remember(int token) {
        int at = request.prompt().length + generated;
        if (at == tokens.length) tokens = java.util.Arrays.copyOf(tokens, Math.max(8, tokens.length * 2));
        tokens[at] = token;
    }

    /** The tokens at positions 0 .. cached-1 of the slot's cache (a shared array: copy what you keep). */
    int[] cachedTokens() {
        return tokens;
    }

    GenerationResult result(FinishReason reason) {
        if (reason != FinishReason.STOP_SEQUENCE) text.append(decoder.flush());
        long now = System.nanoTime();
        return new GenerationResult(text.toString(), reason, generated, request.prompt().length,
                List.copyOf(promptTokens), admittedAt - submittedAt, now - admittedAt, reused);
    }

    private List<GeneratedToken.Alternative> alternatives(TokenChoice choice) {
        if (choice.top().isEmpty()) return List.of();
        List<GeneratedToken.Alternative> out = new ArrayList<>(choice.top().size());
        for (TokenChoice.Candidate c : choice.top()) {
            out.add(new GeneratedToken.Alternative(c.token(), pieceText(c.token()), c.logprob(), tokenizer.isSpecial(c.token())));
        }
        return out;
    }

    private String pieceText(int token) {
        return new String(tokenizer.pieceBytes(token, true), StandardCharsets.UTF_8);
    }
}
