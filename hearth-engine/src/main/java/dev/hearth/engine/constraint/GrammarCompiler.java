package dev.hearth.engine.constraint;

/** Compiles GBNF grammars (llama.cpp's dialect, start rule {@code root}) for the loaded model's vocabulary. */
public interface GrammarCompiler {

    /**
     * @throws GrammarRejectedException when the engine cannot parse or use the grammar
     */
    Constraint compile(String gbnf);

    /** For runtimes that have no constrained decoding: every grammar is refused. */
    GrammarCompiler NONE = gbnf -> {
        throw new GrammarRejectedException("this engine does not support grammars");
    };
}
