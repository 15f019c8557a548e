package dev.hearth.api.tgi;

import com.fasterxml.jackson.annotation.JsonValue;

/** Why generation stopped; serialized {@code length | eos_token | stop_sequence}. */
public enum FinishReason {
    LENGTH("length"),
    EOS_TOKEN("eos_token"),
    STOP_SEQUENCE("stop_sequence");

    private final String wire;

    FinishReason(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    /**
     * TGI's {@code format(true)}, used by the OpenAI routes' final answers: {@code eos_token} reads
     * {@code stop}; the others keep their TGI names. (The final chunk of a streamed
     * {@code /v1/completions} uses {@link #wire()}, without the rewrite.)
     */
    public String openAi() {
        return this == EOS_TOKEN ? "stop" : wire;
    }
}
