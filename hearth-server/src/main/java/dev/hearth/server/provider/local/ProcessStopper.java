package dev.hearth.server.provider.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Stops processes politely, then forcibly: SIGTERM to the targets, up to a grace period for them to exit, then SIGKILL
 * to the survivors and to every descendant. Descendants are collected before the targets die, because once a parent is
 * gone its children are re-parented and can no longer be found through it. {@link ProcessHandle#destroy} checks the
 * process start time, so a handle never signals a later process that reused the pid.
 */
final class ProcessStopper {

    /** How long to wait for SIGKILLed processes to disappear; SIGKILL cannot be caught, so this is rarely reached. */
    private static final Duration KILL_WAIT = Duration.ofSeconds(5);
    private static final long POLL_MILLIS = 20;

    private ProcessStopper() {}

    /**
     * Whether the process has ended. A zombie has ended too: {@link ProcessHandle#isAlive} still says yes until its
     * parent reaps it, and a re-parented worker's new parent (init, or a container's pid 1) may reap it late.
     */
    static boolean gone(ProcessHandle process) {
        return !process.isAlive() || isZombie(process.pid());
    }

    private static boolean isZombie(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // "pid (comm) S ...": comm may contain spaces and parentheses, so look after the last ')'.
            int close = stat.lastIndexOf(')');
            return close >= 0 && close + 2 < stat.length() && stat.charAt(close + 2) == 'Z';
        } catch (IOException | RuntimeException e) {
            return false; // no /proc (not Linux) or already gone: isAlive() decides
        }
    }

    /**
     * Stops the targets and their descendants, plus {@code alsoKill} (e.g. labelled leftovers of the same replica).
     *
     * @return true when every target exited within the grace after SIGTERM
     */
    static boolean stop(Collection<ProcessHandle> targets, Collection<ProcessHandle> alsoKill, Duration grace)
            throws InterruptedException {
        Set<ProcessHandle> others = new LinkedHashSet<>(alsoKill);
        for (ProcessHandle target : targets) {
            target.descendants().forEach(others::add);
        }
        others.removeAll(targets);
        // Only the targets get SIGTERM: a worker is told to shut down and shuts down its own children.
        targets.forEach(ProcessHandle::destroy);
        boolean graceful = awaitExit(targets, grace);
        Set<ProcessHandle> all = new LinkedHashSet<>(targets);
        all.addAll(others);
        List<ProcessHandle> survivors = all.stream().filter(h -> !gone(h)).toList();
        survivors.forEach(ProcessHandle::destroyForcibly);
        awaitExit(survivors, KILL_WAIT);
        return graceful;
    }

    /** Polls rather than using {@link ProcessHandle#onExit}, which for non-children polls slowly in a JDK thread. */
    static boolean awaitExit(Collection<ProcessHandle> processes, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!processes.stream().allMatch(ProcessStopper::gone)) {
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            Thread.sleep(POLL_MILLIS);
        }
        return true;
    }
}
