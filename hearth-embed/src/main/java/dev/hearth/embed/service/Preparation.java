package dev.hearth.embed.service;

import dev.hearth.embed.engine.TextTokenizer;
import dev.hearth.embed.engine.Tokens;
import dev.hearth.embed.model.ModelConfig;

import java.util.Optional;

/**
 * Turns one input into the tokens the encoder will see, with TEI's rules ({@code core/src/tokenization.rs}):
 * the prompt is prepended, inputs longer than {@code max_input_length × 250} characters are refused (or cut when
 * truncating) before tokenizing, then too many tokens are refused (or truncated at the requested side).
 */
public final class Preparation {

    /** TEI's {@code MAX_CHAR_MULTIPLIER}: a cheap bound checked before the tokenizer sees a huge string. */
    static final int MAX_CHAR_MULTIPLIER = 250;

    private final TextTokenizer tokenizer;
    private final ModelConfig model;
    private final int maxInputLength;
    private final Optional<Integer> vocabSize;

    public Preparation(TextTokenizer tokenizer, ModelConfig model, int maxInputLength, Optional<Integer> vocabSize) {
        this.tokenizer = tokenizer;
        this.model = model;
        this.maxInputLength = maxInputLength;
        this.vocabSize = vocabSize;
    }

    public int maxInputLength() {
        return maxInputLength;
    }

    public Tokens prepare(Input input, EmbedParams p) {
        Tokens tokens = switch (input) {
            case Input.Text t -> encodeText(t, p);
            case Input.Ids ids -> checkedIds(ids.ids());
        };
        if (p.truncate()) tokens = tokens.truncate(maxInputLength, p.side());
        if (tokens.length() == 0) throw TeiError.emptyInput();
        if (tokens.length() > maxInputLength) {
            throw TeiError.inputValidation("`inputs` must have less than " + maxInputLength + " tokens. Given: " + tokens.length());
        }
        return tokens;
    }

    private Tokens encodeText(Input.Text t, EmbedParams p) {
        String text = t.text();
        if (text.isEmpty()) throw TeiError.emptyInput();
        int limit = maxInputLength * MAX_CHAR_MULTIPLIER;
        int chars = t.chars();
        if (chars > limit) {
            if (!p.truncate()) {
                throw TeiError.inputValidation("`inputs` must have less than " + limit + " characters. Given: " + chars);
            }
            text = p.side() == Tokens.Side.RIGHT
                    ? text.substring(0, text.offsetByCodePoints(0, limit))
                    : text.substring(text.offsetByCodePoints(text.length(), -limit));
        }
        String prompt = prompt(p.promptName()).orElse("");
        try {
            return tokenizer.encode(prompt + text, true);
        } catch (RuntimeException e) {
            throw TeiError.tokenizer(String.valueOf(e.getMessage()));
        }
    }

    /** The prompt text for a request, TEI's rules and messages; the model's default prompt applies when none is named. */
    public Optional<String> prompt(Optional<String> name) {
        if (name.isEmpty()) return model.defaultPromptName().map(model.prompts()::get);
        if (model.prompts().isEmpty()) {
            throw TeiError.inputValidation("`default-prompt-name` is set to `" + name.get()
                    + "` but no prompts were found in the Sentence Transformers configuration");
        }
        String prompt = model.prompts().get(name.get());
        if (prompt == null) {
            throw TeiError.inputValidation("`default-prompt-name` is set to `" + name.get()
                    + "` but it was not found in the Sentence Transformers prompts. Available prompts: "
                    + model.prompts().keySet());
        }
        return Optional.of(prompt);
    }

    private Tokens checkedIds(long[] ids) {
        if (ids.length == 0) throw TeiError.emptyInput();
        for (long id : ids) {
            if (vocabSize.isPresent() && id >= vocabSize.get()) {
                // An id past the embedding table would fail the whole batch inside ONNX Runtime.
                throw TeiError.inputValidation("token id " + id + " is outside the vocabulary (size " + vocabSize.get() + ")");
            }
        }
        return Tokens.ofIds(ids);
    }

}
