package dev.hearth.worker.generation;

import dev.hearth.api.tgi.TokenBudget;
import dev.hearth.api.tgi.ValidatedParameters;
import dev.hearth.engine.constraint.Constraint;

/**
 * A request that passed validation and tokenization, ready to run.
 *
 * @param prompt the tokens to feed (already truncated to {@code budget.inputLength()})
 * @param seed       the seed that drives sampling; null for greedy decoding (reported as {@code details.seed})
 * @param constraint the compiled grammar every sequence of the request follows; null for none
 */
public record PreparedRequest(String inputs, ValidatedParameters params, int[] prompt, TokenBudget budget, Long seed,
                              Constraint constraint) {}
