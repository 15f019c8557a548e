package dev.hearth.server.http;

import dev.hearth.server.reconcile.ReplicaLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** How one stream follows a replica's log: by offset in bounded chunks of whole lines, or through its tail. */
class LogFollowTest {

    @TempDir Path dir;

    static void append(Path file, String text) throws Exception {
        Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    @Test
    void aFileIsSentFromItsFirstLineThenWhatIsAppendedAndALineBeingWrittenOnlyOnceComplete() throws Exception {
        Path file = dir.resolve("r.log");
        append(file, "one\ntwo\nthr");
        ReplicaLog log = new ReplicaLog("r", "ready, spec v1", file, n -> "");
        LogFollow follow = new LogFollow();
        assertThat(follow.announce(log)).isTrue();
        assertThat(follow.announce(log)).as("announced once").isFalse();

        assertThat(follow.next(log)).contains("one\ntwo\n");
        assertThat(follow.next(log)).isEmpty();
        append(file, "ee\nfour\n");
        assertThat(follow.next(log)).contains("three\nfour\n");
        assertThat(follow.next(log)).isEmpty();
        assertThat(follow.announce(new ReplicaLog("r", "exited, spec v1", file, n -> ""))).as("a new label").isTrue();
    }

    @Test
    void aLargeLogComesInChunksOfAtMost64KiBThatEndAtALinesEndAndTogetherAreTheWholeFile() throws Exception {
        Path file = dir.resolve("big.log");
        StringBuilder written = new StringBuilder();
        for (int i = 0; i < 20_000; i++) written.append("line ").append(i).append(" of the worker's log\n");
        append(file, written.toString());
        ReplicaLog log = new ReplicaLog("r", "ready", file, n -> "");
        LogFollow follow = new LogFollow();
        follow.announce(log);

        StringBuilder read = new StringBuilder();
        int chunks = 0;
        for (Optional<String> c; (c = follow.next(log)).isPresent(); chunks++) {
            assertThat(c.get().getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(LogFollow.CHUNK);
            assertThat(c.get()).endsWith("\n");
            read.append(c.get());
        }
        assertThat(chunks).isGreaterThan(1);
        assertThat(read.toString()).isEqualTo(written.toString());
    }

    @Test
    void aLineLongerThanAChunkIsCutSoThatTheStreamNeverHoldsMore() throws Exception {
        Path file = dir.resolve("r.log");
        String line = "x".repeat(LogFollow.CHUNK + 10) + "\n";
        append(file, line);
        ReplicaLog log = new ReplicaLog("r", "ready", file, n -> "");
        LogFollow follow = new LogFollow();
        follow.announce(log);
        assertThat(follow.next(log).orElseThrow()).hasSize(LogFollow.CHUNK);
        assertThat(follow.next(log).orElseThrow()).isEqualTo("x".repeat(10) + "\n");
    }

    @Test
    void aTruncatedFileIsReadAgainFromItsStart() throws Exception {
        Path file = dir.resolve("r.log");
        append(file, "a long first line\n");
        ReplicaLog log = new ReplicaLog("r", "ready", file, n -> "");
        LogFollow follow = new LogFollow();
        follow.announce(log);
        follow.next(log);
        Files.writeString(file, "new\n");
        assertThat(follow.next(log)).contains("new\n");
    }

    @Test
    void aLogThatIsNotAFileIsFollowedThroughItsTail() {
        AtomicReference<String> tail = new AtomicReference<>("waiting for a pod\n");
        ReplicaLog log = new ReplicaLog("pod", "starting", Path.of("kubernetes", "pods", "d"), n -> tail.get());
        LogFollow follow = new LogFollow();
        follow.announce(log);
        assertThat(follow.next(log)).contains("waiting for a pod\n");
        assertThat(follow.next(log)).isEmpty();
        tail.set("waiting for a pod\nserving\n");
        assertThat(follow.next(log)).contains("serving\n");
    }
}
