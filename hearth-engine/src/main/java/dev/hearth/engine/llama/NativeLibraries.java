package dev.hearth.engine.llama;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Finds the llama.cpp shared libraries: a directory named by {@code HEARTH_LLAMA_LIB_DIR}, or the copy packed into
 * this jar under {@code /natives/<platform>/}, extracted once into a cache directory.
 *
 * <p>Extraction writes to a fresh temporary directory and renames it into place, so a directory under the cache
 * either holds a complete set of libraries or does not exist; concurrent workers starting together never load a
 * half-written file.
 */
public record NativeLibraries(Path directory, String version) {

    static final String RESOURCE_ROOT = "/natives/";

    public static NativeLibraries locate() {
        String override = System.getenv("HEARTH_LLAMA_LIB_DIR");
        if (override != null && !override.isBlank()) {
            Path dir = Path.of(override);
            if (!Files.isRegularFile(dir.resolve(libraryFile(dir, "libllama")))) {
                throw new NativeLibraryException("HEARTH_LLAMA_LIB_DIR=" + override + " holds no libllama*.so");
            }
            return new NativeLibraries(dir, "external");
        }
        return inCache(cacheRoot());
    }

    /** The packed libraries, extracted under {@code cacheRoot} unless a complete copy is already there. */
    static NativeLibraries inCache(Path cacheRoot) {
        String platform = platform();
        List<String> index = readIndex(platform);
        String version = index.getFirst().substring("npm-version=".length());
        Path target = cacheRoot.resolve(platform + "-" + version);
        if (!Files.isRegularFile(target.resolve("index.txt"))) {
            extract(platform, index, cacheRoot, target);
        }
        return new NativeLibraries(target, version);
    }

    /** The file in {@code directory} whose name starts with {@code stem} and ends in .so (names carry the version). */
    static String libraryFile(Path directory, String stem) {
        try (var files = Files.list(directory)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith(stem + ".") && n.endsWith(".so"))
                    .sorted()
                    .findFirst()
                    .orElseThrow(() -> new NativeLibraryException("no " + stem + "*.so in " + directory));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path library(String stem) {
        return directory.resolve(libraryFile(directory, stem));
    }

    static String platform() {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        if (os.contains("linux") && (arch.equals("amd64") || arch.equals("x86_64"))) return "linux-x64";
        if (os.contains("linux") && (arch.equals("aarch64") || arch.equals("arm64"))) return "linux-arm64";
        throw new NativeLibraryException("Hearth's llama.cpp engine has no build for " + os + "/" + arch
                + "; set HEARTH_LLAMA_LIB_DIR to a directory holding libllama, libggml and libggml-base");
    }

    private static Path cacheRoot() {
        String home = System.getenv("HEARTH_HOME");
        if (home != null && !home.isBlank()) return Path.of(home, "natives");
        String xdg = System.getenv("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank()) return Path.of(xdg, "hearth", "natives");
        return Path.of(System.getProperty("user.home"), ".cache", "hearth", "natives");
    }

    private static List<String> readIndex(String platform) {
        try (InputStream in = NativeLibraries.class.getResourceAsStream(RESOURCE_ROOT + platform + "/index.txt")) {
            if (in == null) {
                throw new NativeLibraryException("this build of Hearth carries no llama.cpp libraries for " + platform
                        + "; rebuild on that platform (./mvnw package) or set HEARTH_LLAMA_LIB_DIR");
            }
            List<String> lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .map(String::strip).filter(l -> !l.isEmpty()).toList();
            if (lines.isEmpty() || !lines.getFirst().startsWith("npm-version=")) {
                throw new NativeLibraryException("malformed natives index for " + platform);
            }
            return lines;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void extract(String platform, List<String> index, Path cacheRoot, Path target) {
        try {
            Files.createDirectories(cacheRoot);
            Path staging = Files.createTempDirectory(cacheRoot, ".extract-");
            List<String> files = new ArrayList<>(index.subList(1, index.size()));
            for (String name : files) {
                try (InputStream in = NativeLibraries.class.getResourceAsStream(RESOURCE_ROOT + platform + "/" + name)) {
                    if (in == null) throw new NativeLibraryException("natives index names missing file " + name);
                    Files.copy(in, staging.resolve(name));
                }
            }
            // index.txt last: its presence marks a complete directory.
            Files.writeString(staging.resolve("index.txt"), String.join("\n", index) + "\n");
            try {
                Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                // Another process won the race (Linux reports a rename onto a non-empty directory as a plain
                // FileSystemException, "Directory not empty", not as FileAlreadyExists): its copy is complete, since
                // only finished directories are moved into place. Anything else is a real failure.
                deleteTree(staging);
                if (!Files.exists(target.resolve("index.txt"))) throw e;
            }
        } catch (IOException e) {
            throw new NativeLibraryException("could not extract llama.cpp libraries to " + target + ": " + e.getMessage());
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            for (Path p : files.toList()) Files.deleteIfExists(p);
        }
        Files.deleteIfExists(dir);
    }
}
