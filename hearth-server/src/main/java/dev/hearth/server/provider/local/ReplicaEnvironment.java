package dev.hearth.server.provider.local;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The part of the control plane's environment a replica gets: an allow-list, never the whole of it. The server's
 * environment holds what only the control plane may know ({@code HEARTH_ADMIN_TOKEN}, cloud credentials, whatever the
 * operator's shell exported), and a replica runs a command its endpoint's owner chose (a custom image's shell
 * command, or the built-in worker reading the owner's {@code model.env}), which could print its environment to the
 * endpoint's logs. So a variable reaches a replica only if a worker needs it to run or to find its models.
 *
 * <p>On top of this the launcher adds the endpoint's own {@code env} and {@code secrets} and its own variables
 * ({@code PORT}, {@code API_KEY}, the process labels), in that order; nothing else of the server's.
 */
final class ReplicaEnvironment {

    /** Variables passed through by exact name, each with the reason it is needed. */
    static final Set<String> NAMES = Set.of(
            // Process basics: finding programs (/bin/sh -c, java), the user's home (~/.cache defaults of the worker,
            // the Hub and DJL), the user name some tools log, where temporary files go, and the time zone of logs.
            "PATH", "HOME", "USER", "LOGNAME", "TMPDIR", "TZ",
            // Locale: the worker's text handling and a custom command's tools follow it.
            "LANG", "LANGUAGE",
            // The worker command may be "java" resolved through JAVA_HOME by wrapper scripts.
            "JAVA_HOME",
            // Hearth's own folders the worker reads: HEARTH_HOME (models, converted GGUF, natives;
            // ModelSource/EmbeddingModels/NativeLibraries) and HEARTH_LLAMA_LIB_DIR (an external llama.cpp build).
            // Deliberately not HEARTH_* as a whole: HEARTH_ADMIN_TOKEN must never reach a replica.
            "HEARTH_HOME", "HEARTH_LLAMA_LIB_DIR",
            // The Hugging Face hub settings the worker reads (HubSettings, EmbeddingModels): cache locations,
            // offline mode, mirror endpoint, and the token for gated models, exactly as the server itself uses them.
            "HF_HOME", "HF_HUB_CACHE", "HUGGINGFACE_HUB_CACHE", "XDG_CACHE_HOME", "HF_HUB_OFFLINE",
            "TRANSFORMERS_OFFLINE", "HF_ENDPOINT", "HF_TOKEN", "HF_TOKEN_PATH",
            // The embedding worker's tokenizer natives (DjlNatives): flavour, offline mode and unpack folders.
            "RUST_FLAVOR", "DJL_OFFLINE", "DJL_CACHE_DIR", "ENGINE_CACHE_DIR");

    /** Locale categories ({@code LC_ALL}, {@code LC_CTYPE}, ...), passed for the same reason as {@code LANG}. */
    static final String LOCALE_PREFIX = "LC_";

    private ReplicaEnvironment() {}

    static boolean allowed(String name) {
        return NAMES.contains(name) || (name.startsWith(LOCALE_PREFIX) && name.length() > LOCALE_PREFIX.length());
    }

    /** The allowed subset of {@code server}, the control plane's environment. */
    static Map<String, String> of(Map<String, String> server) {
        Map<String, String> passed = new TreeMap<>();
        server.forEach((name, value) -> {
            if (name != null && value != null && allowed(name)) passed.put(name, value);
        });
        return passed;
    }
}
