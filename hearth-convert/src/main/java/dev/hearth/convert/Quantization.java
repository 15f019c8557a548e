package dev.hearth.convert;

import dev.hearth.gguf.GgmlType;

import java.util.Locale;

/**
 * The storage type of a converted model's 2-D weights. Norms and biases are always F32. A matrix whose
 * rows are not a multiple of the 32-element block falls back to F16, as llama.cpp's own converter does.
 */
public enum Quantization {
    F32(GgmlType.F32), F16(GgmlType.F16), Q8_0(GgmlType.Q8_0), Q4_0(GgmlType.Q4_0);

    private final GgmlType type;

    Quantization(GgmlType type) {
        this.type = type;
    }

    public GgmlType ggmlType() {
        return type;
    }

    /** Lower-case name used in file names, e.g. {@code q8_0}. */
    public String fileTag() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code f16}, {@code Q8_0}, … case-insensitively. */
    public static Quantization parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown quantization " + s + "; use f32, f16, q8_0 or q4_0", e);
        }
    }
}
