package dev.hearth.hub;

import java.nio.file.Path;
import java.util.List;

/**
 * A repository at one commit, as files on disk: {@code folder} is {@code snapshots/<commit>} in the cache, and each
 * of {@code files} (repository-relative paths, the ones the patterns selected) is a link into {@code blobs/}.
 */
public record Snapshot(String repoId, String commit, Path folder, List<String> files) {

    public Snapshot {
        files = List.copyOf(files);
    }

    /** The path of one file of the snapshot. */
    public Path file(String filename) {
        return folder.resolve(filename);
    }
}
