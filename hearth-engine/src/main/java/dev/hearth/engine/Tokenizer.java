package dev.hearth.engine;

/** The model's vocabulary, as the engine's own tokenizer applies it. Implementations are thread-safe. */
public interface Tokenizer {

    /**
     * @param addSpecial   add BOS (or whatever the model's metadata asks for) in front
     * @param parseSpecial treat special-token text (e.g. {@code <|im_start|>}) as those tokens; wanted for prompts
     *                     rendered from a chat template, unwanted for raw user text
     */
    int[] tokenize(String text, boolean addSpecial, boolean parseSpecial);

    /** The bytes a token stands for; control tokens render as their text only when {@code renderSpecial}. */
    byte[] pieceBytes(int token, boolean renderSpecial);

    /** End of generation: EOS, EOT and the like. */
    boolean isEndOfGeneration(int token);

    /** A control token (BOS, EOS, chat markers): not part of the generated text. */
    boolean isSpecial(int token);

    int vocabSize();

    int bosToken();

    int eosToken();
}
