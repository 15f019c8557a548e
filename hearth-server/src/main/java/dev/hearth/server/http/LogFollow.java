package dev.hearth.server.http;

import dev.hearth.server.reconcile.ReplicaLog;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One stream's position in each replica's log: a log file is read from its first byte, then from where the last
 * read stopped, in chunks of at most {@link #CHUNK} bytes that end at a line's end (a line longer than a chunk is
 * cut), so a stream holds at most one chunk whatever the size of the logs. A log that is not a file (a pod's) is
 * followed through its tail: what was added after the text last seen.
 *
 * <p>Used by one thread (its stream's).
 */
final class LogFollow {

    static final int CHUNK = 64 * 1024;
    /** Lines a non-file log is read back by, as {@code GET .../logs} reads at most. */
    static final int TAIL_LINES = 10_000;

    private final Map<String, Position> positions = new HashMap<>();

    private static final class Position {
        long offset;
        String tailSeen = "";
        String label;
    }

    /** Whether {@code log} is a replica this stream has not announced yet, or whose label changed; remembers it. */
    boolean announce(ReplicaLog log) {
        Position p = positions.get(log.replicaId());
        if (p == null) {
            p = new Position();
            positions.put(log.replicaId(), p);
        } else if (p.label.equals(log.label())) {
            return false;
        }
        p.label = log.label();
        return true;
    }

    /** The next text of {@code log} after what this stream has read of it; empty when there is nothing new. */
    Optional<String> next(ReplicaLog log) {
        Position p = positions.get(log.replicaId());
        if (p == null) throw new IllegalStateException("not announced: " + log.replicaId());
        if (log.file() != null && Files.isRegularFile(log.file())) return nextOfFile(log, p);
        return nextOfTail(log, p);
    }

    private static Optional<String> nextOfFile(ReplicaLog log, Position p) {
        try (RandomAccessFile raf = new RandomAccessFile(log.file().toFile(), "r")) {
            long length = raf.length();
            if (length < p.offset) p.offset = 0; // truncated: read again from its start
            if (length == p.offset) return Optional.empty();
            byte[] bytes = new byte[(int) Math.min(CHUNK, length - p.offset)];
            raf.seek(p.offset);
            raf.readFully(bytes);
            // Whole lines only, so that a line being written is sent once complete; a line longer than a chunk is cut.
            int end = bytes.length;
            while (end > 0 && bytes[end - 1] != '\n') end--;
            if (end == 0) {
                if (bytes.length < CHUNK) return Optional.empty();
                end = bytes.length;
            }
            p.offset += end;
            return Optional.of(new String(bytes, 0, end, StandardCharsets.UTF_8));
        } catch (FileNotFoundException e) {
            return Optional.empty(); // removed between the check and the open
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + log.file(), e);
        }
    }

    private static Optional<String> nextOfTail(ReplicaLog log, Position p) {
        String now = log.tail().apply(TAIL_LINES);
        if (now.equals(p.tailSeen)) return Optional.empty();
        // The tail moves on as lines are added: send what follows the last text seen, or all of it when that is
        // no longer a prefix (the window slid past it, or the log was replaced).
        String added = now.startsWith(p.tailSeen) ? now.substring(p.tailSeen.length()) : now;
        p.tailSeen = now;
        return added.isEmpty() ? Optional.empty() : Optional.of(added);
    }
}
