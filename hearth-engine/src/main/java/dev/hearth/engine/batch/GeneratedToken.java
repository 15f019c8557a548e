package dev.hearth.engine.batch;

import java.util.List;

/**
 * A generated token as clients see it.
 *
 * @param text    the text this token completed: for a normal token, what it adds to the generated text (may be
 *                empty while a multi-byte character is still incomplete); for a special token, its own text
 * @param special a control token (e.g. EOS): its text is not part of the generated text
 * @param top     the most likely alternatives at this step, when asked for
 */
public record GeneratedToken(int id, String text, double logprob, boolean special, List<Alternative> top) {

    /** An alternative token at one step, with its text and logprob. */
    public record Alternative(int id, String text, double logprob, boolean special) {}
}
