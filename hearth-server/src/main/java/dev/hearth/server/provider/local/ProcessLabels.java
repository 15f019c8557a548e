package dev.hearth.server.provider.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Worker processes carry labels in their environment: {@value #REPLICA_ID} names the replica and {@value #INSTALLATION}
 * the Hearth installation that started it. Children of a worker inherit both, so they are found with it.
 *
 * <p>Reads them from {@code /proc/<pid>/environ} (Linux). That file holds the environment the process was started with,
 * which is exactly where the labels were put. Only processes of the current user are considered, never this JVM or its
 * ancestors, so a scan can neither touch other users' processes nor the control plane itself.
 */
final class ProcessLabels {

    static final String REPLICA_ID = "HEARTH_REPLICA_ID";
    static final String INSTALLATION = "HEARTH_INSTALLATION";

    private static final Path PROC = Path.of("/proc");
    /** The record's start is taken just after spawning; the OS's a moment before. */
    private static final Duration START_TOLERANCE = Duration.ofSeconds(5);

    /** One labelled process. */
    record Labelled(ProcessHandle process, String replicaId, String installation) {}

    private ProcessLabels() {}

    /** Whether labels can be read on this OS (a Linux {@code /proc} with our own environ readable). */
    static boolean supported() {
        return Files.isReadable(PROC.resolve("self").resolve("environ"));
    }

    /** The environment a process of the current user was started with; empty if it is gone, not ours, or unreadable. */
    static Optional<Map<String, String>> environment(long pid) {
        Path dir = PROC.resolve(Long.toString(pid));
        try {
            if (!sameOwnerAsUs(dir)) {
                return Optional.empty();
            }
            return Optional.of(parse(Files.readAllBytes(dir.resolve("environ"))));
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return Optional.empty();
        }
    }

    /** Whether the live process {@code pid} carries {@code HEARTH_REPLICA_ID=replicaId} (guards against pid reuse). */
    static boolean carriesReplica(long pid, String replicaId) {
        return environment(pid).map(env -> replicaId.equals(env.get(REPLICA_ID))).orElse(false);
    }

    /**
     * Guards adoption against pid reuse: the live process {@code process} must carry this replica's label. Where
     * labels cannot be read (no /proc), its start time must match the recorded one instead.
     */
    static boolean isSameWorker(ProcessHandle process, String replicaId, Instant recordedStart) {
        if (supported()) {
            return carriesReplica(process.pid(), replicaId);
        }
        return process.info().startInstant()
                .map(start -> Duration.between(start, recordedStart).abs().compareTo(START_TOLERANCE) < 0)
                .orElse(false);
    }

    /** Every live process of the current user labelled by {@code installation}, except this JVM and its ancestors. */
    static List<Labelled> scan(String installation) {
        Set<Long> excluded = new HashSet<>();
        for (Optional<ProcessHandle> p = Optional.of(ProcessHandle.current()); p.isPresent(); p = p.get().parent()) {
            excluded.add(p.get().pid());
        }
        List<Labelled> found = new ArrayList<>();
        DirectoryStream.Filter<Path> pids = entry -> isPid(entry.getFileName().toString());
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(PROC, pids)) {
            for (Path dir : dirs) {
                long pid = Long.parseLong(dir.getFileName().toString());
                if (excluded.contains(pid)) {
                    continue;
                }
                environment(pid)
                        .filter(env -> env.containsKey(REPLICA_ID) && installation.equals(env.get(INSTALLATION)))
                        .ifPresent(env -> ProcessHandle.of(pid).filter(ProcessHandle::isAlive).ifPresent(
                                handle -> found.add(new Labelled(handle, env.get(REPLICA_ID), installation))));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + PROC, e);
        }
        return found;
    }

    private static boolean sameOwnerAsUs(Path procDir) throws IOException {
        Object ours = Files.getAttribute(PROC.resolve("self"), "unix:uid");
        Object theirs = Files.getAttribute(procDir, "unix:uid");
        return ours.equals(theirs);
    }

    private static boolean isPid(String name) {
        return !name.isEmpty() && name.chars().allMatch(Character::isDigit);
    }

    /** environ is NUL-separated {@code KEY=value} entries. */
    static Map<String, String> parse(byte[] environ) {
        Map<String, String> env = new HashMap<>();
        for (String entry : new String(environ, StandardCharsets.UTF_8).split("\0")) {
            int eq = entry.indexOf('=');
            if (eq > 0) {
                env.putIfAbsent(entry.substring(0, eq), entry.substring(eq + 1));
            }
        }
        return env;
    }
}
