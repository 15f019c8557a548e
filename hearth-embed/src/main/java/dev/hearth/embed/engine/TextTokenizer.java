package dev.hearth.embed.engine;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.huggingface.tokenizers.jni.CharSpan;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/**
 * A model's {@code tokenizer.json}, through the Rust tokenizers library that DJL wraps.
 *
 * <p>The file's own truncation and padding settings are switched off (MiniLM's file pads everything to 128): length
 * limits are the server's ({@link Tokens#truncate}) and padding is per batch ({@link OnnxEncoder}).
 * Thread-safe: the native tokenizer is immutable once built.
 */
public final class TextTokenizer implements AutoCloseable {

    private final HuggingFaceTokenizer tokenizer;

    private TextTokenizer(HuggingFaceTokenizer tokenizer) {
        this.tokenizer = tokenizer;
    }

    public static TextTokenizer load(Path tokenizerJson) {
        DjlNatives.configure();
        try {
            return new TextTokenizer(HuggingFaceTokenizer.newInstance(tokenizerJson, Map.of(
                    "truncation", "false", "padding", "false", "addSpecialTokens", "true",
                    "modelMaxLength", String.valueOf(Integer.MAX_VALUE))));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + tokenizerJson, e);
        }
    }

    /** Tokens of {@code text}, with the template's special tokens when {@code addSpecial}. */
    public Tokens encode(String text, boolean addSpecial) {
        Encoding e = tokenizer.encode(text, addSpecial, false);
        long[] ids = e.getIds();
        long[] specialMask = e.getSpecialTokenMask();
        CharSpan[] spans = e.getCharTokenSpans();
        int n = ids.length;
        boolean[] special = new boolean[n];
        int[] start = new int[n], stop = new int[n];
        ByteOffsets offsets = new ByteOffsets(text);
        for (int i = 0; i < n; i++) {
            special[i] = specialMask[i] == 1;
            CharSpan span = i < spans.length ? spans[i] : null;
            boolean covers = !special[i] && span != null && span.getEnd() >= span.getStart();
            start[i] = covers ? offsets.of(span.getStart()) : -1;
            stop[i] = covers ? offsets.of(span.getEnd()) : -1;
        }
        return new Tokens(ids, e.getTypeIds(), special, start, stop, e.getTokens());
    }

    public String decode(long[] ids, boolean skipSpecial) {
        return tokenizer.decode(ids, skipSpecial);
    }

    @Override
    public void close() {
        tokenizer.close();
    }

    /** DJL reports character (UTF-16 unit) offsets; TEI reports UTF-8 byte offsets. */
    private static final class ByteOffsets {
        private final String text;
        private final boolean ascii;

        ByteOffsets(String text) {
            this.text = text;
            this.ascii = text.chars().allMatch(c -> c < 0x80);
        }

        int of(int charIndex) {
            int at = Math.min(Math.max(charIndex, 0), text.length());
            return ascii ? at : text.substring(0, at).getBytes(StandardCharsets.UTF_8).length;
        }
    }
}
