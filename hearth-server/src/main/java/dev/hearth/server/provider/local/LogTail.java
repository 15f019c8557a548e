package dev.hearth.server.provider.local;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.io.FileNotFoundException;

/**
 * Reads the last lines of a log file by seeking from its end in blocks, so the cost depends on the lines asked for,
 * not on the size of the log (worker logs can grow large).
 */
public final class LogTail {

    private static final int BLOCK = 8192;

    private LogTail() {}

    /**
     * The last {@code lines} lines of the file, each with its line terminator as written (the final line may lack
     * one); fewer if the file is shorter; empty when the file does not exist or {@code lines <= 0}.
     */
    public static String read(Path file, int lines) {
        if (lines <= 0) {
            return "";
        }
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            long end = raf.length();
            long start = startOfLastLines(raf, end, lines);
            byte[] bytes = new byte[Math.toIntExact(end - start)];
            raf.seek(start);
            raf.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (FileNotFoundException | NoSuchFileException e) {
            return "";
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** Offset where the last {@code lines} lines begin: just after the newline that precedes them, or 0. */
    private static long startOfLastLines(RandomAccessFile raf, long end, int lines) throws IOException {
        // A newline that ends the file terminates the last line; it does not start a new (empty) one.
        long scanEnd = end;
        if (end > 0) {
            raf.seek(end - 1);
            if (raf.read() == '\n') {
                scanEnd = end - 1;
            }
        }
        int newlines = 0;
        byte[] block = new byte[BLOCK];
        long pos = scanEnd;
        while (pos > 0) {
            int size = (int) Math.min(BLOCK, pos);
            pos -= size;
            raf.seek(pos);
            raf.readFully(block, 0, size);
            for (int i = size - 1; i >= 0; i--) {
                if (block[i] == '\n' && ++newlines == lines) {
                    return pos + i + 1;
                }
            }
        }
        return 0;
    }
}
