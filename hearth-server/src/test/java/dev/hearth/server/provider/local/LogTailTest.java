package dev.hearth.server.provider.local;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class LogTailTest {

    @TempDir
    Path dir;

    @Test
    void givesTheLastLinesOfALargeFile() throws IOException {
        Path log = dir.resolve("big.log");
        try (BufferedWriter out = Files.newBufferedWriter(log)) {
            for (int i = 0; i < 200_000; i++) {
                out.write("line " + i + " é\n");
            }
        }
        assertThat(LogTail.read(log, 3)).isEqualTo("line 199997 é\nline 199998 é\nline 199999 é\n");
        assertThat(LogTail.read(log, 2000).lines().count()).isEqualTo(2000);
    }

    @Test
    void aLastLineWithoutNewlineCounts() throws IOException {
        Path log = Files.writeString(dir.resolve("a.log"), "a\nb\nc");
        assertThat(LogTail.read(log, 2)).isEqualTo("b\nc");
    }

    @Test
    void givesTheWholeFileWhenItIsShorter() throws IOException {
        Path log = Files.writeString(dir.resolve("a.log"), "a\nb\n");
        assertThat(LogTail.read(log, 5)).isEqualTo("a\nb\n");
    }

    @Test
    void emptyForMissingOrEmptyFilesAndZeroLines() throws IOException {
        assertThat(LogTail.read(dir.resolve("missing.log"), 5)).isEmpty();
        assertThat(LogTail.read(Files.writeString(dir.resolve("e.log"), ""), 5)).isEmpty();
        assertThat(LogTail.read(Files.writeString(dir.resolve("x.log"), "x\n"), 0)).isEmpty();
    }

    @Test
    void keepsEmptyLines() throws IOException {
        Path log = Files.writeString(dir.resolve("a.log"), "a\n\n\nb\n");
        assertThat(LogTail.read(log, 3)).isEqualTo("\n\nb\n");
    }
}
