package dev.hearth.server.reconcile;

import java.nio.file.Path;
import java.util.function.IntFunction;

/**
 * One replica's log, as {@code GET .../logs/stream} follows it.
 *
 * @param label what the replica is ("ready, spec v2", "crashed, exit code 3"), for its tab
 * @param file  the log file when the replica writes one this instance can read (followed by offset); a path that is
 *              not a regular file (a pod's log lives in the cluster, a crashed replica's may be gone) falls back to
 *              {@code tail}
 * @param tail  the last N lines of the log, as {@code GET .../logs} reads them
 */
public record ReplicaLog(String replicaId, String label, Path file, IntFunction<String> tail) {}
