package dev.hearth.server.endpoint;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Environment variable names an endpoint may not set in {@code model.env}, {@code model.secrets} or a custom image's
 * {@code env}: those that change what code a replica's process runs rather than how the model is served, and those the
 * launcher owns. A namespace token configures only its model; with {@code LD_PRELOAD} or {@code JAVA_TOOL_OPTIONS} it
 * could load its own code into Hearth's worker, and with it read everything the worker may read.
 *
 * <p>Names are compared case-insensitively, so no spelling slips through on a system that folds case.
 */
public final class ReservedEnvKeys {

    private static final String LINKER = "the dynamic linker reads it and would load or search code of the caller's "
            + "choosing into every program of the replica";
    private static final String JVM = "the worker's JVM reads it at start-up and would take agents, classes or options "
            + "of the caller's choosing";
    private static final String PROCESS = "the server sets it so that the replica finds its programs and files";
    private static final String INTERPRETER = "an interpreter or shell reads it at start-up and would run code of the "
            + "caller's choosing";
    private static final String LAUNCHER = "the launcher sets it for every replica";

    private static final Map<String, String> EXACT = Map.ofEntries(
            Map.entry("JAVA_TOOL_OPTIONS", JVM), Map.entry("JDK_JAVA_OPTIONS", JVM), Map.entry("_JAVA_OPTIONS", JVM),
            Map.entry("JAVA_OPTIONS", JVM), Map.entry("JAVA_OPTS", JVM), Map.entry("CLASSPATH", JVM),
            Map.entry("JAVA_HOME", JVM),
            Map.entry("PATH", PROCESS), Map.entry("HOME", PROCESS),
            Map.entry("PYTHONPATH", INTERPRETER), Map.entry("PYTHONSTARTUP", INTERPRETER),
            Map.entry("PYTHONHOME", INTERPRETER), Map.entry("NODE_OPTIONS", INTERPRETER),
            Map.entry("BASH_ENV", INTERPRETER), Map.entry("ENV", INTERPRETER), Map.entry("SHELLOPTS", INTERPRETER),
            Map.entry("BASHOPTS", INTERPRETER), Map.entry("PERL5OPT", INTERPRETER), Map.entry("PERL5LIB", INTERPRETER),
            Map.entry("RUBYOPT", INTERPRETER), Map.entry("GCONV_PATH", LINKER),
            Map.entry("PORT", LAUNCHER), Map.entry("MODEL_ID", LAUNCHER), Map.entry("API_KEY", LAUNCHER));

    /** Prefixes of whole families: the linker's ({@code LD_PRELOAD}, {@code LD_AUDIT}, ...) and Hearth's own. */
    private static final Map<String, String> PREFIXES = Map.of(
            "LD_", LINKER,
            "DYLD_", LINKER,
            "HEARTH_", "HEARTH_* variables are Hearth's own: process labels and settings of the server");

    /** The names {@link #reason} refuses by exact match, for documentation and tests. */
    public static Set<String> exactNames() {
        return EXACT.keySet();
    }

    private ReservedEnvKeys() {}

    /** Why {@code key} may not be set by an endpoint; empty when it may. */
    public static Optional<String> reason(String key) {
        String upper = key.toUpperCase(Locale.ROOT);
        String exact = EXACT.get(upper);
        if (exact != null) return Optional.of(exact);
        return PREFIXES.entrySet().stream().filter(p -> upper.startsWith(p.getKey())).map(Map.Entry::getValue).findFirst();
    }
}
