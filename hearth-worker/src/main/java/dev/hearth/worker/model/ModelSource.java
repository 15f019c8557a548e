package dev.hearth.worker.model;

import dev.hearth.convert.Converter;
import dev.hearth.convert.Quantization;
import dev.hearth.engine.ModelFiles;
import dev.hearth.engine.ModelNotFoundException;
import dev.hearth.hub.DownloadProgress;
import dev.hearth.hub.HubClient;
import dev.hearth.hub.HubException;
import dev.hearth.hub.Snapshot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Turns what {@code --model} names into a GGUF file the engine can load: a local GGUF file or folder as it is; a
 * Hugging Face folder of safetensors converted (once, cached); a Hub repository id downloaded into the shared
 * Hugging Face cache first — only the GGUF file chosen, or only what conversion needs.
 */
public final class ModelSource {

    private static final Logger log = LoggerFactory.getLogger(ModelSource.class);
    private static final Pattern REPO_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,95}(/[A-Za-z0-9][A-Za-z0-9._-]{0,95})?");
    /** What conversion reads from a safetensors repository. */
    static final List<String> CONVERSION_FILES = List.of("*.json", "*.safetensors", "*.jinja");

    /**
     * @param ggufFile     the file to use when a repository holds several GGUF files; null picks by quantization
     * @param quantization the type converted weights are written in
     * @param convertCache where converted models are kept
     */
    public record Request(String model, String revision, String ggufFile, Quantization quantization, Path convertCache) {}

    private final Supplier<HubClient> hub;

    public ModelSource(Supplier<HubClient> hub) {
        this.hub = hub;
    }

    /** The default cache of converted models: {@code $HEARTH_HOME/gguf}, else {@code ~/.cache/hearth/gguf}. */
    public static Path defaultConvertCache() {
        String home = System.getenv("HEARTH_HOME");
        if (home != null && !home.isBlank()) return Path.of(home, "gguf");
        return Path.of(System.getProperty("user.home"), ".cache", "hearth", "gguf");
    }

    public Path resolve(Request r) {
        Path local = Path.of(r.model());
        if (Files.exists(local)) return servable(local, r);
        if (!REPO_ID.matcher(r.model()).matches() || r.model().contains("..")) {
            throw new ModelNotFoundException("model path " + r.model() + " does not exist");
        }
        Snapshot snapshot = download(r);
        return servable(snapshot.folder(), r);
    }

    private Snapshot download(Request r) {
        HubClient client = hub.get();
        List<String> wanted;
        try {
            List<String> files = client.repoInfo(r.model(), r.revision()).files();
            List<String> ggufs = files.stream().filter(ModelSource::isGguf).toList();
            if (r.ggufFile() != null) wanted = List.of(r.ggufFile());
            else if (!ggufs.isEmpty()) wanted = List.of(preferred(ggufs));
            else wanted = CONVERSION_FILES;
        } catch (HubException.NotInCache | HubException.Network offline) {
            // Offline or unreachable: serve whatever the cache holds.
            wanted = r.ggufFile() != null ? List.of(r.ggufFile()) : List.of("*.gguf", "*.json", "*.safetensors", "*.jinja");
        }
        log.info("fetching {} ({}) from the Hub into {}", r.model(), String.join(", ", wanted), client.settings().cacheDir());
        return client.download(r.model(), r.revision(), wanted, List.of(), new LoggingProgress());
    }

    private static Path servable(Path path, Request r) {
        if (Files.isRegularFile(path)) return path;
        if (r.ggufFile() != null && Files.isRegularFile(path.resolve(r.ggufFile()))) return path.resolve(r.ggufFile());
        try (var files = Files.list(path)) {
            List<Path> all = files.toList();
            if (all.stream().anyMatch(p -> isGguf(p.getFileName().toString()))) return ModelFiles.resolveGguf(path);
            if (all.stream().anyMatch(p -> p.getFileName().toString().equals("config.json"))) {
                log.info("converting {} to GGUF ({}); the result is cached in {}", path, r.quantization(), r.convertCache());
                return Converter.convert(path, r.quantization(), r.convertCache());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new ModelNotFoundException("no GGUF file and no config.json (safetensors model) in " + path);
    }

    static boolean isGguf(String name) {
        return name.toLowerCase(Locale.ROOT).endsWith(".gguf");
    }

    /** The GGUF file of a repository by the engine's quantization preference (see ModelFiles). */
    static String preferred(List<String> ggufs) {
        return ggufs.stream().min(Comparator.comparingInt(ModelFiles::preferenceRank).thenComparing(f -> f)).orElseThrow();
    }

    /** One line per file and per tenth of it: readable in a log, and the control plane shows the last line. */
    private static final class LoggingProgress implements DownloadProgress {
        private int lastTenth = -1;

        @Override
        public void started(String filename, long size, long resumedFrom) {
            lastTenth = -1;
            log.info("downloading {} ({} MB{})", filename, size / 1_000_000,
                    resumedFrom > 0 ? ", resuming at " + resumedFrom / 1_000_000 + " MB" : "");
        }

        @Override
        public void bytes(String filename, long done, long size) {
            int tenth = size <= 0 ? 0 : (int) (done * 10 / size);
            if (tenth > lastTenth) {
                lastTenth = tenth;
                log.info("downloading {} {}% ({} / {} MB)", filename, tenth * 10, done / 1_000_000, size / 1_000_000);
            }
        }

        @Override
        public void finished(String filename, long size, boolean fromCache) {
            log.info("{} {}", fromCache ? "in cache:" : "downloaded", filename);
        }
    }
}
