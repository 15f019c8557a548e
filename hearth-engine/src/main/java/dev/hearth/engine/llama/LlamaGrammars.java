package dev.hearth.engine.llama;

import dev.hearth.engine.constraint.Constraint;
import dev.hearth.engine.constraint.ConstraintState;
import dev.hearth.engine.constraint.GrammarCompiler;
import dev.hearth.engine.constraint.GrammarRejectedException;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.ref.Cleaner;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * llama.cpp's grammar sampler ({@code llama_sampler_init_grammar}) for one model, with the most recently used
 * compiled grammars kept by GBNF text: a schema sent again is not parsed again, and each sequence gets a clone.
 *
 * <p>Lifetime: a compiled grammar is freed by a {@link Cleaner} once neither this cache nor any request holds it, so
 * eviction never frees a grammar that a queued request is about to clone. {@link #compile} may run on any thread;
 * {@link Constraint#start} runs on the scheduler's thread only, and cloning only reads the compiled grammar.
 */
public final class LlamaGrammars implements GrammarCompiler {

    private final LlamaLibrary lib;
    private final LlamaModel model;
    private final Cleaner cleaner = Cleaner.create();
    private final Map<String, Compiled> cache;

    public LlamaGrammars(LlamaModel model, int capacity) {
        this.lib = model.library();
        this.model = model;
        this.cache = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Compiled> eldest) {
                return size() > capacity;
            }
        };
    }

    @Override
    public synchronized Constraint compile(String gbnf) {
        if (gbnf == null || gbnf.isBlank()) throw new GrammarRejectedException("empty grammar");
        Compiled hit = cache.get(gbnf);
        if (hit != null) return hit;
        MemorySegment sampler;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment text = arena.allocateFrom(gbnf);
            MemorySegment root = arena.allocateFrom("root");
            sampler = LlamaModel.call(() -> (MemorySegment) lib.samplerInitGrammar.invokeExact(model.vocabHandle(), text, root));
        }
        if (sampler.equals(MemorySegment.NULL)) {
            throw new GrammarRejectedException("llama.cpp could not parse the grammar (a syntax error, an undefined rule, "
                    + "or left recursion)");
        }
        Compiled compiled = new Compiled(sampler);
        MemorySegment freed = sampler;
        cleaner.register(compiled, () -> free(lib, freed));
        cache.put(gbnf, compiled);
        return compiled;
    }

    /** How many compiled grammars the cache holds now. */
    public synchronized int cached() {
        return cache.size();
    }

    private static void free(LlamaLibrary lib, MemorySegment sampler) {
        LlamaModel.call(() -> {
            lib.samplerFree.invokeExact(sampler);
            return null;
        });
    }

    /** Holds no reference to the cleaner's action state, so it can become unreachable. */
    private final class Compiled implements Constraint {
        private final MemorySegment prototype;

        Compiled(MemorySegment prototype) {
            this.prototype = prototype;
        }

        @Override
        public ConstraintState start() {
            MemorySegment clone = LlamaModel.call(() -> (MemorySegment) lib.samplerClone.invokeExact(prototype));
            if (clone.equals(MemorySegment.NULL)) throw new IllegalStateException("llama_sampler_clone failed");
            // Keeps this compiled grammar reachable for as long as a state cloned from it lives.
            return new LlamaGrammarState(lib, clone, model.vocabSize(), this);
        }
    }
}
