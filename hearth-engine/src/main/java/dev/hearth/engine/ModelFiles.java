package dev.hearth.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** Finds the GGUF file a model path means: the file itself, or the preferred one in a folder. */
public final class ModelFiles {

    /**
     * Quantizations in order of preference when a folder holds several: small and fast on a CPU first, yet
     * close to full quality. A name containing none of these sorts after them, alphabetically.
     */
    static final List<String> PREFERENCE = List.of("q4_k_m", "q4_0", "q5_k_m", "q8_0", "q6_k", "f16", "bf16", "f32");

    private ModelFiles() {}

    public static Path resolveGguf(Path path) {
        if (Files.isRegularFile(path)) return path;
        if (!Files.isDirectory(path)) {
            throw new ModelNotFoundException("model path " + path + " does not exist");
        }
        try (var files = Files.list(path)) {
            List<Path> ggufs = files.filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".gguf"))
                    .filter(Files::isRegularFile)
                    .sorted(Comparator.comparingInt(ModelFiles::rank).thenComparing(p -> p.getFileName().toString()))
                    .toList();
            if (ggufs.isEmpty()) throw new ModelNotFoundException("no .gguf file in " + path);
            return ggufs.getFirst();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int rank(Path p) {
        return preferenceRank(p.getFileName().toString());
    }

    /** Position of a file name's quantization in {@link #PREFERENCE}; unknown ones after all known ones. */
    public static int preferenceRank(String fileName) {
        String name = fileName.toLowerCase(Locale.ROOT);
        for (int i = 0; i < PREFERENCE.size(); i++) if (name.contains(PREFERENCE.get(i))) return i;
        return PREFERENCE.size();
    }
}
