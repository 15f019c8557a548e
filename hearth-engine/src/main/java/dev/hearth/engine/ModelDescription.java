package dev.hearth.engine;

import java.util.Optional;

/**
 * What a loaded model says about itself.
 *
 * @param trainingContext context length the model was trained with (GGUF {@code *.context_length})
 * @param chatTemplate    the Jinja chat template shipped with the model, if any
 * @param bosText         text of the BOS token, for chat templates that print it
 * @param eosText         text of the EOS token, likewise
 */
public record ModelDescription(
        String name,
        String architecture,
        String summary,
        int trainingContext,
        int vocabSize,
        long parameterCount,
        Optional<String> chatTemplate,
        String bosText,
        String eosText) {}
