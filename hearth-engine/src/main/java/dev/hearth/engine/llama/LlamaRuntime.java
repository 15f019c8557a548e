package dev.hearth.engine.llama;

import dev.hearth.engine.DecodeException;
import dev.hearth.engine.ModelDescription;
import dev.hearth.engine.ModelRuntime;
import dev.hearth.engine.Tokenizer;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.function.IntUnaryOperator;

/** {@link ModelRuntime} over llama.cpp: one model, one context with a cache slot per sequence. */
public final class LlamaRuntime implements ModelRuntime, Tokenizer {

    private final LlamaModel model;
    private final LlamaContext context;
    private final ModelDescription description;
    private final int maxSequences;
    private final LlamaGrammars grammars;

    /** Distinct grammars kept compiled; a service sees a handful of schemas again and again. */
    static final int GRAMMAR_CACHE = 64;

    private LlamaRuntime(LlamaModel model, LlamaContext context, int maxSequences, Path path) {
        this.model = model;
        this.context = context;
        this.maxSequences = maxSequences;
        this.grammars = new LlamaGrammars(model, GRAMMAR_CACHE);
        String fileName = path.getFileName().toString();
        this.description = new ModelDescription(
                model.metadata("general.name").orElse(fileName),
                model.metadata("general.architecture").orElse("unknown"),
                model.description(),
                model.trainingContextLength(),
                model.vocabSize(),
                model.parameterCount(),
                model.chatTemplate(),
                new String(model.pieceBytes(model.bosToken(), true), StandardCharsets.UTF_8),
                new String(model.pieceBytes(model.eosToken(), true), StandardCharsets.UTF_8));
    }

    /**
     * Loads {@code gguf} and creates a context with {@code maxSequences} slots; {@code contextPerSequence} picks
     * each slot's size from the model's training context, so limits can follow the model without loading it twice.
     */
    public static LlamaRuntime open(LlamaLibrary lib, Path gguf, IntUnaryOperator contextPerSequence, int maxSequences,
                                    int batchSize, int threads) {
        LlamaModel model = LlamaModel.load(lib, gguf);
        try {
            int perSequence = contextPerSequence.applyAsInt(model.trainingContextLength());
            LlamaContext context = new LlamaContext(model,
                    new LlamaContext.Settings(perSequence, maxSequences, Math.max(batchSize, maxSequences), threads));
            return new LlamaRuntime(model, context, maxSequences, gguf);
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /** Compiles GBNF for this model's vocabulary (cached by text); any thread. */
    public LlamaGrammars grammars() { return grammars; }

    @Override public ModelDescription description() { return description; }
    @Override public Tokenizer tokenizer() { return this; }
    @Override public int maxSequences() { return maxSequences; }
    @Override public int contextPerSequence() { return context.contextPerSequence(); }
    @Override public int batchCapacity() { return context.batchCapacity(); }

    @Override
    public void decode(int count, int[] token, int[] pos, int[] seq, boolean[] wantLogits) {
        int rc = context.decode(count, token, pos, seq, wantLogits);
        if (rc != 0) {
            throw new DecodeException(switch (rc) {
                case 1 -> "no room left in the KV cache";
                case 2 -> "decoding aborted";
                default -> "llama_decode returned " + rc;
            });
        }
    }

    @Override public void logits(int index, float[] dest) { context.logits(index, dest); }
    @Override public void clearSequence(int seq) { context.clearSequence(seq); }
    @Override public boolean trimSequence(int seq, int keep) { return context.trimSequence(seq, keep); }
    @Override public int cachedPositions(int seq) { return context.cachedPositions(seq); }

    @Override public int[] tokenize(String text, boolean addSpecial, boolean parseSpecial) { return model.tokenize(text, addSpecial, parseSpecial); }
    @Override public byte[] pieceBytes(int token, boolean renderSpecial) { return model.pieceBytes(token, renderSpecial); }
    @Override public boolean isEndOfGeneration(int token) { return model.isEndOfGeneration(token); }
    @Override public boolean isSpecial(int token) { return model.isControl(token) || model.isEndOfGeneration(token); }
    @Override public int vocabSize() { return model.vocabSize(); }
    @Override public int bosToken() { return model.bosToken(); }
    @Override public int eosToken() { return model.eosToken(); }

    @Override
    public void close() {
        context.close();
        model.close();
    }
}
