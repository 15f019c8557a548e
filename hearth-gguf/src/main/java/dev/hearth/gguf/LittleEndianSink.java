package dev.hearth.gguf;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;

/**
 * A buffered little-endian writer over a channel that counts the bytes written, so callers can pad to an
 * alignment measured from the start of the file. Not thread-safe; the caller closes the channel.
 */
final class LittleEndianSink {
    private final WritableByteChannel channel;
    private ByteBuffer buffer = ByteBuffer.allocate(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
    private long flushed;

    LittleEndianSink(WritableByteChannel channel) {
        this.channel = channel;
    }

    /** Bytes written so far, flushed or not. */
    long position() {
        return flushed + buffer.position();
    }

    /**
     * A little-endian view with at least {@code n} bytes remaining; the caller writes into it directly.
     * Invariant: everything put into the returned buffer counts as written.
     */
    ByteBuffer reserve(int n) throws IOException {
        if (buffer.remaining() < n) {
            flush();
            if (buffer.capacity() < n) {
                buffer = ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
            }
        }
        return buffer;
    }

    void u8(int v) throws IOException { reserve(1).put((byte) v); }
    void u32(long v) throws IOException { reserve(4).putInt((int) v); }
    void i32(int v) throws IOException { reserve(4).putInt(v); }
    void u64(long v) throws IOException { reserve(8).putLong(v); }

    /** A GGUF string: uint64 byte length, then UTF-8 bytes without terminator. */
    void string(String s) throws IOException {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        u64(bytes.length);
        bytes(bytes);
    }

    void bytes(byte[] bytes) throws IOException {
        int done = 0;
        while (done < bytes.length) {
            int n = Math.min(bytes.length - done, buffer.capacity());
            reserve(n).put(bytes, done, n);
            done += n;
        }
    }

    /** Writes zero bytes until {@link #position()} is a multiple of {@code alignment}. */
    void padTo(int alignment) throws IOException {
        long pad = Math.floorMod(-position(), (long) alignment);
        for (long i = 0; i < pad; i++) {
            u8(0);
        }
    }

    void flush() throws IOException {
        buffer.flip();
        while (buffer.hasRemaining()) {
            flushed += channel.write(buffer);
        }
        buffer.clear();
    }
}
