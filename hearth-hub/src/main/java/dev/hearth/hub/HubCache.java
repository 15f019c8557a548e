package dev.hearth.hub;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The huggingface_hub cache layout, so that huggingface-cli, transformers and Hearth share downloads:
 * <pre>
 * {cacheDir}/models--{org}--{name}/
 *     blobs/{etag}                      file contents, named by ETag (sha256 for LFS files, git sha1 otherwise)
 *     refs/{revision}                   the commit a branch or tag pointed to when last resolved
 *     snapshots/{commit}/{filename}     relative symlink to ../../blobs/{etag} (more ../ for nested files)
 * {cacheDir}/.locks/models--{org}--{name}/{etag}.lock   held while a blob is being downloaded
 * </pre>
 * Invariant: a path under {@code snapshots/} exists only once its blob is complete and verified.
 */
public final class HubCache {

    private static final Pattern COMMIT = Pattern.compile("[0-9a-f]{40}");

    private final Path cacheDir;

    public HubCache(Path cacheDir) {
        this.cacheDir = cacheDir;
    }

    public Path cacheDir() {
        return cacheDir;
    }

    /** {@code models--org--name}: huggingface_hub's {@code repo_folder_name} for a model repository. */
    public Path repoFolder(String repoId) {
        return cacheDir.resolve("models--" + repoId.replace("/", "--"));
    }

    public Path blob(String repoId, String etag) {
        return repoFolder(repoId).resolve("blobs").resolve(etag);
    }

    /** {@code .locks/models--org--name/<etag>.lock}: where huggingface_hub keeps the lock for a blob's download. */
    public Path lockFile(String repoId, String etag) {
        return cacheDir.resolve(".locks").resolve(repoFolder(repoId).getFileName()).resolve(etag + ".lock");
    }

    public Path snapshotFolder(String repoId, String commit) {
        return repoFolder(repoId).resolve("snapshots").resolve(commit);
    }

    public Path snapshotFile(String repoId, String commit, String filename) {
        return snapshotFolder(repoId, commit).resolve(filename);
    }

    static boolean isCommit(String revision) {
        return COMMIT.matcher(revision).matches();
    }

    /** The commit a revision means without asking the Hub: itself if it is a commit, else what {@code refs/} says. */
    public Optional<String> resolveLocally(String repoId, String revision) {
        if (isCommit(revision)) return Optional.of(revision);
        Path ref = repoFolder(repoId).resolve("refs").resolve(revision);
        if (!Files.isRegularFile(ref)) return Optional.empty();
        try {
            String commit = Files.readString(ref, StandardCharsets.UTF_8).strip();
            return commit.isEmpty() ? Optional.empty() : Optional.of(commit);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Records that {@code revision} points to {@code commit}; written whole (temp file and rename). */
    public void writeRef(String repoId, String revision, String commit) {
        if (revision.equals(commit)) return;
        Path ref = repoFolder(repoId).resolve("refs").resolve(revision);
        try {
            if (Files.isRegularFile(ref) && Files.readString(ref, StandardCharsets.UTF_8).strip().equals(commit)) return;
            Files.createDirectories(ref.getParent());
            Path tmp = ref.resolveSibling(ref.getFileName() + "." + UUID.randomUUID() + ".tmp");
            Files.writeString(tmp, commit, StandardCharsets.UTF_8);
            Files.move(tmp, ref, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + ref, e);
        }
    }

    /**
     * Makes {@code snapshots/<commit>/<filename>} point at a complete blob: a relative symlink as huggingface_hub
     * makes on Linux and macOS, placed by rename so it never dangles half made; a copy where symlinks are refused.
     */
    public void link(String repoId, String commit, String filename, Path blob) {
        Path target = snapshotFile(repoId, commit, filename);
        try {
            Files.createDirectories(target.getParent());
            Path relative = target.getParent().relativize(blob);
            Path tmp = target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
            try {
                Files.createSymbolicLink(tmp, relative);
            } catch (UnsupportedOperationException | IOException noSymlinks) {
                Files.copy(blob, tmp, StandardCopyOption.REPLACE_EXISTING);
            }
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot place " + target, e);
        }
    }

    private static boolean isTempLink(String name) {
        String last = name.substring(name.lastIndexOf('/') + 1);
        return last.startsWith(".") && last.endsWith(".tmp");
    }

    /** The files of a snapshot on disk, as repository-relative paths with {@code /}, sorted; empty if absent. */
    public List<String> listSnapshot(String repoId, String commit) {
        Path folder = snapshotFolder(repoId, commit);
        if (!Files.isDirectory(folder)) return List.of();
        try (Stream<Path> walk = Files.walk(folder)) {
            List<String> files = new ArrayList<>();
            walk.filter(Files::isRegularFile) // follows the symlink: a dangling link is not a file
                    .map(p -> folder.relativize(p).toString().replace('\\', '/'))
                    .filter(name -> !isTempLink(name))
                    .sorted()
                    .forEach(files::add);
            return files;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
