package dev.hearth.cli;

import dev.hearth.hub.DownloadProgress;
import dev.hearth.hub.HubClient;
import dev.hearth.hub.HubException;
import dev.hearth.hub.HubSettings;
import dev.hearth.hub.Snapshot;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code hearth download}: a Hub repository into the shared huggingface_hub cache. Progress goes to stderr (a bar
 * per file on a terminal, one line per file otherwise) and the snapshot folder to stdout, so scripts can capture it.
 * Exit 0 done, 1 not found / not allowed / bad input / not in cache offline, 2 network.
 */
@Command(name = "download", mixinStandardHelpOptions = true, exitCodeOnInvalidInput = ExitCodes.USAGE,
        description = {"Download a model repository from the Hugging Face Hub (or HF_ENDPOINT) into the Hub cache",
                "and print its snapshot folder. Reads HF_TOKEN, HF_HOME, HF_HUB_CACHE, HF_HUB_OFFLINE."})
public final class DownloadCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Parameters(paramLabel = "REPO", description = "A repository id: 'gpt2', 'org/name'.")
    String repo;

    @Option(names = "--revision", paramLabel = "R", defaultValue = "main",
            description = "A branch, tag or commit (default: ${DEFAULT-VALUE}).")
    String revision;

    @Option(names = "--include", paramLabel = "GLOB", description = "Only files matching (repeatable), e.g. '*.json'.")
    List<String> include = new ArrayList<>();

    @Option(names = "--exclude", paramLabel = "GLOB", description = "Skip files matching (repeatable), e.g. 'onnx/'.")
    List<String> exclude = new ArrayList<>();

    @Option(names = "--cache-dir", paramLabel = "DIR", description = "The Hub cache (default: HF_HUB_CACHE, HF_HOME/hub).")
    Path cacheDir;

    /** The environment the Hub settings come from; tests replace it. */
    Map<String, String> env = System.getenv();

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        try {
            HubSettings settings = HubSettings.fromEnvironment(env, Path.of(System.getProperty("user.home")));
            if (cacheDir != null) settings = settings.withCacheDir(cacheDir);
            boolean terminal = System.console() != null && System.console().isTerminal();
            Snapshot s = new HubClient(settings).download(repo, revision, include, exclude,
                    terminal ? new Bars(err) : new Lines(err));
            if (s.files().isEmpty()) err.println("hearth: no file of " + repo + " matches the --include/--exclude patterns");
            err.flush();
            spec.commandLine().getOut().println(s.folder());
            spec.commandLine().getOut().flush();
            return ExitCodes.OK;
        } catch (HubException e) {
            return fail(e, e instanceof HubException.Network ? ExitCodes.SERVER : ExitCodes.USAGE);
        } catch (IllegalArgumentException e) {
            return fail(e, ExitCodes.USAGE);
        } catch (UncheckedIOException e) {
            return fail(e, ExitCodes.SERVER);
        }
    }

    private int fail(Exception e, int code) {
        spec.commandLine().getErr().println("hearth: " + e.getMessage());
        spec.commandLine().getErr().flush();
        return code;
    }

    static String size(long bytes) {
        if (bytes < 0) return "?";
        if (bytes < 1000) return bytes + " B";
        String units = "kMGT";
        double v = bytes;
        int u = -1;
        while (v >= 1000 && u < units.length() - 1) {
            v /= 1000;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %sB", v, units.charAt(u));
    }

    /** Not a terminal: a line when a transfer starts and one when each file is in place. */
    record Lines(PrintWriter err) implements DownloadProgress {
        @Override
        public void started(String filename, long size, long resumedFrom) {
            err.println("fetching   " + filename + " (" + size(size) + (resumedFrom > 0 ? ", resuming at " + size(resumedFrom) : "") + ")");
            err.flush();
        }

        @Override
        public void finished(String filename, long size, boolean fromCache) {
            err.println((fromCache ? "cached     " : "downloaded ") + filename + " (" + size(size) + ")");
            err.flush();
        }
    }

    /** A terminal: a bar per file, redrawn in place at most ten times a second, left on screen when done. */
    static final class Bars implements DownloadProgress {
        private static final int WIDTH = 30;
        private final PrintWriter err;
        private long lastDraw;

        Bars(PrintWriter err) {
            this.err = err;
        }

        @Override
        public void bytes(String filename, long done, long size) {
            long now = System.nanoTime();
            if (now - lastDraw < 100_000_000L) return;
            lastDraw = now;
            draw(filename, done, size, false);
        }

        @Override
        public void finished(String filename, long size, boolean fromCache) {
            draw(filename, size, size, fromCache);
            err.println();
            err.flush();
        }

        private void draw(String filename, long done, long size, boolean fromCache) {
            int filled = size > 0 ? (int) Math.min(WIDTH, done * WIDTH / size) : WIDTH;
            String pct = size > 0 ? (done * 100 / size) + "%" : "";
            err.print("\r" + filename + " [" + "#".repeat(filled) + " ".repeat(WIDTH - filled) + "] "
                    + String.format(Locale.ROOT, "%4s", pct) + " " + size(done) + " / " + size(size)
                    + (fromCache ? " (cached)" : "") + "\u001b[K");
            err.flush();
        }
    }
}
