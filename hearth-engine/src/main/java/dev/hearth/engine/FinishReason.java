package dev.hearth.engine;

/** Why a sequence stopped, in TGI's vocabulary. */
public enum FinishReason {
    /** max_new_tokens reached, or the sequence filled its context. */
    LENGTH,
    /** The model produced an end-of-generation token. */
    EOS_TOKEN,
    /** The text ended with one of the request's stop sequences. */
    STOP_SEQUENCE
}
