package dev.hearth.embed.engine;

/**
 * Keeps DJL's tokenizer library offline and on its CPU build.
 *
 * <p>DJL picks a native flavour by probing for CUDA and, for a CUDA flavour, downloads it at run time; the CPU build
 * is inside the jar and is unpacked under {@code ~/.djl.ai} (or {@code $ENGINE_CACHE_DIR}). Hearth must start with
 * no network, so the flavour is pinned to {@code cpu} and DJL's offline mode is on. These are JVM-wide settings that
 * DJL reads once; an operator's own {@code -DRUST_FLAVOR=...}/{@code -Dai.djl.offline=...} (or the environment
 * variables) win.
 */
final class DjlNatives {

    private DjlNatives() {}

    static void configure() {
        if (System.getenv("RUST_FLAVOR") == null) System.getProperties().putIfAbsent("RUST_FLAVOR", "cpu");
        if (System.getenv("DJL_OFFLINE") == null) System.getProperties().putIfAbsent("ai.djl.offline", "true");
    }
}
