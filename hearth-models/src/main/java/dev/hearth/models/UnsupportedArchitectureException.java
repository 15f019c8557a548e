package dev.hearth.models;

import java.util.List;

/**
 * The folder holds a model whose architecture (config.json's {@code architectures}) the converter, or the engine
 * behind it, cannot serve. The message names the architecture and what is supported.
 */
public final class UnsupportedArchitectureException extends UnservableModelException {
    private final String architecture;

    public UnsupportedArchitectureException(String architecture, List<String> supported) {
        super("unsupported architecture " + architecture + ": Hearth converts " + String.join(", ", supported));
        this.architecture = architecture;
    }

    /** The architecture as config.json names it, e.g. {@code GPT2LMHeadModel}. */
    public String architecture() {
        return architecture;
    }
}
