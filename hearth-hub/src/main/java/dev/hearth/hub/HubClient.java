package dev.hearth.hub;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Downloads Hub repositories into the shared huggingface_hub cache: {@link #download} resolves a revision to a
 * commit and file list through the Hub's API, then makes each selected file present under
 * {@code snapshots/<commit>/}, transferring only what the cache lacks.
 *
 * <p>Offline ({@code HF_HUB_OFFLINE=1}), or when the Hub cannot be reached, the revision is resolved through
 * {@code refs/} and the snapshot is served as the cache holds it, with no request at all.
 *
 * <p>Thread-safe; one instance per process is enough (downloads of the same blob take turns, see {@link BlobDownloader}).
 */
public final class HubClient {

    private static final Logger log = LoggerFactory.getLogger(HubClient.class);
    /** huggingface_hub's {@code validate_repo_id}: one or two names of [\w.-], no "--" or "..", 96 chars at most. */
    private static final Pattern REPO_ID = Pattern.compile("[\\w.-]{1,96}(/[\\w.-]{1,96})?");

    private final HubSettings settings;
    private final HubCache cache;
    private final HubHttp http;
    private final BlobDownloader blobs;

    public HubClient(HubSettings settings) {
        this.settings = settings;
        this.cache = new HubCache(settings.cacheDir());
        this.http = new HubHttp(settings);
        this.blobs = new BlobDownloader(http);
    }

    public static HubClient fromEnvironment() {
        return new HubClient(HubSettings.fromEnvironment());
    }

    public HubSettings settings() {
        return settings;
    }

    public HubCache cache() {
        return cache;
    }

    /** The commit and file list of {@code repoId} at {@code revision} (null means {@code main}), from the Hub. */
    public RepoInfo repoInfo(String repoId, String revision) {
        validateRepoId(repoId);
        if (settings.offline()) throw new HubException.NotInCache("HF_HUB_OFFLINE=1: cannot ask the Hub about " + repoId);
        return http.modelInfo(repoId, revision == null ? "main" : revision);
    }

    /** Every file of the repository at {@code main}. */
    public Snapshot download(String repoId) {
        return download(repoId, null, List.of(), List.of(), DownloadProgress.NONE);
    }

    /**
     * Makes the files of {@code repoId} at {@code revision} that the patterns select present in the cache and
     * returns their snapshot folder.
     *
     * @param revision       a branch, tag or commit; null means {@code main}
     * @param allowPatterns  globs of the files wanted (empty: all), huggingface_hub's {@code allow_patterns}
     * @param ignorePatterns globs of the files not wanted, {@code ignore_patterns}
     * @throws HubException  typed by cause: not found, gated, unauthorized, not in cache (offline), network
     */
    public Snapshot download(String repoId, String revision, List<String> allowPatterns, List<String> ignorePatterns,
                             DownloadProgress progress) {
        validateRepoId(repoId);
        String rev = revision == null || revision.isBlank() ? "main" : revision;
        FilePatterns patterns = new FilePatterns(allowPatterns, ignorePatterns);
        DownloadProgress listener = progress == null ? DownloadProgress.NONE : progress;
        if (settings.offline()) return fromCache(repoId, rev, patterns, "HF_HUB_OFFLINE=1", listener);

        RepoInfo info;
        try {
            info = http.modelInfo(repoId, rev);
        } catch (HubException.Network unreachable) {
            try {
                Snapshot cached = fromCache(repoId, rev, patterns, "the Hub is unreachable", listener);
                log.warn("Serving {}@{} from the cache: {}", repoId, rev, unreachable.getMessage());
                return cached;
            } catch (HubException.NotInCache miss) {
                throw unreachable;
            }
        }
        cache.writeRef(repoId, rev, info.commit());
        List<String> files = patterns.select(info.files());
        for (String filename : files) fetchFile(repoId, info.commit(), filename, listener);
        Path folder = cache.snapshotFolder(repoId, info.commit());
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Snapshot(repoId, info.commit(), folder, files);
    }

    /** One file into the snapshot: nothing to do if it is there, else HEAD for its blob, then the blob, then the link. */
    private void fetchFile(String repoId, String commit, String filename, DownloadProgress progress) {
        Path target = cache.snapshotFile(repoId, commit, filename);
        if (Files.isRegularFile(target)) { // follows the link: the blob is there too
            progress.finished(filename, sizeOf(target), true);
            return;
        }
        HubHttp.FileMetadata meta = http.head(repoId, commit, filename);
        Path blob = cache.blob(repoId, meta.etag());
        boolean cached = Files.isRegularFile(blob);
        if (!cached) blobs.fetch(blob, cache.lockFile(repoId, meta.etag()), meta, filename, progress);
        cache.link(repoId, commit, filename, blob);
        progress.finished(filename, sizeOf(blob), cached);
    }

    private Snapshot fromCache(String repoId, String revision, FilePatterns patterns, String why,
                               DownloadProgress progress) {
        String commit = cache.resolveLocally(repoId, revision).orElseThrow(() -> new HubException.NotInCache(
                repoId + "@" + revision + " is not in the Hub cache at " + cache.cacheDir() + " and " + why
                        + "; download it with network access first (`hearth download " + repoId + "`)"));
        List<String> present = cache.listSnapshot(repoId, commit);
        List<String> files = patterns.select(present);
        if (files.isEmpty()) {
            throw new HubException.NotInCache("no " + (patterns.allow().isEmpty() ? "" : "matching ") + "files of "
                    + repoId + "@" + revision + " (commit " + commit + ") are in the Hub cache at " + cache.cacheDir()
                    + " and " + why);
        }
        Snapshot snapshot = new Snapshot(repoId, commit, cache.snapshotFolder(repoId, commit), new ArrayList<>(files));
        for (String f : files) progress.finished(f, sizeOf(snapshot.file(f)), true);
        return snapshot;
    }

    static void validateRepoId(String repoId) {
        if (repoId == null || !REPO_ID.matcher(repoId).matches() || repoId.contains("--") || repoId.contains("..")
                || repoId.startsWith(".") || repoId.endsWith(".")) {
            throw new IllegalArgumentException("not a Hub repository id: '" + repoId
                    + "' (expected 'name' or 'org/name': letters, digits, '-', '_', '.')");
        }
    }

    private static long sizeOf(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return -1;
        }
    }
}
