package dev.hearth.engine.text;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Turns a stream of token byte pieces into text, one token at a time, without ever emitting half a character.
 *
 * <p>Byte-fallback tokens can split one UTF-8 character across several tokens; those bytes wait here until the
 * character is complete. Invariant: the concatenation of everything {@link #push} returned, plus {@link #flush},
 * equals the UTF-8 decoding of all bytes pushed.
 */
public final class IncrementalDecoder {

    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

    /** Adds a token's bytes; returns the text that became complete (possibly empty). */
    public String push(byte[] piece) {
        pending.writeBytes(piece);
        byte[] bytes = pending.toByteArray();
        int complete = completePrefix(bytes);
        if (complete == 0) return "";
        pending.reset();
        pending.write(bytes, complete, bytes.length - complete);
        return new String(bytes, 0, complete, StandardCharsets.UTF_8);
    }

    /** Whatever is left, with malformed bytes replaced (U+FFFD), as a final decode does. */
    public String flush() {
        String rest = pending.toString(StandardCharsets.UTF_8);
        pending.reset();
        return rest;
    }

    /**
     * Length of the longest prefix that does not end inside a character. A trailing sequence is held back only
     * while it could still become valid; a byte that can never start or continue a character is let through
     * (to be replaced), so a broken model cannot make text wait forever.
     */
    static int completePrefix(byte[] b) {
        int n = b.length;
        // Look back at most 3 bytes for the start of an unfinished multi-byte sequence.
        for (int back = 1; back <= Math.min(3, n); back++) {
            int lead = b[n - back] & 0xff;
            if ((lead & 0xC0) == 0x80) continue; // continuation byte; keep looking for the lead
            int need = lead >= 0xF0 && lead <= 0xF4 ? 4 : lead >= 0xE0 && lead < 0xF0 ? 3 : lead >= 0xC2 && lead < 0xE0 ? 2 : 1;
            return need > back ? n - back : n;
        }
        return n;
    }
}
