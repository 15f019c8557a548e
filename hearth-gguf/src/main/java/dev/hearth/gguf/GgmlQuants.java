package dev.hearth.gguf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Encodes rows of float32 values in ggml's storage formats and decodes them back.
 *
 * <p>The quantizers follow ggml's reference ({@code quantize_row_q8_0_ref}, {@code quantize_row_q4_0_ref})
 * step for step in float32 arithmetic, so the bytes match what ggml's own reference code produces.
 * Decoding gives exactly the values llama.cpp dequantizes: every decoded value is exactly representable
 * as a float (fp16 scale times a small integer).
 */
public final class GgmlQuants {
    /** Elements per Q4_0 / Q8_0 block ({@code QK4_0 == QK8_0 == 32}). */
    public static final int QK = 32;

    private GgmlQuants() {
    }

    /** float32 → IEEE fp16 bits, round to nearest even (what {@code GGML_FP32_TO_FP16} does). */
    public static short toFp16(float x) {
        return Float.floatToFloat16(x);
    }

    /** IEEE fp16 bits → float32 (exact). */
    public static float fromFp16(short h) {
        return Float.float16ToFloat(h);
    }

    /** Writes {@code row} in {@code type}'s format at {@code out}'s position; {@code out} must be little-endian. */
    public static void encodeRow(GgmlType type, float[] row, ByteBuffer out) {
        requireLittleEndian(out);
        type.rowBytes(row.length); // validates block alignment
        switch (type) {
            case F32 -> {
                for (float v : row) out.putFloat(v);
            }
            case F16 -> {
                for (float v : row) out.putShort(toFp16(v));
            }
            case Q8_0 -> {
                for (int b = 0; b < row.length; b += QK) quantizeQ8_0Block(row, b, out);
            }
            case Q4_0 -> {
                for (int b = 0; b < row.length; b += QK) quantizeQ4_0Block(row, b, out);
            }
        }
    }

    /** Reads {@code row.length} values of {@code type} from {@code in}'s position into {@code row}. */
    public static void decodeRow(GgmlType type, ByteBuffer in, float[] row) {
        requireLittleEndian(in);
        type.rowBytes(row.length);
        switch (type) {
            case F32 -> {
                for (int i = 0; i < row.length; i++) row[i] = in.getFloat();
            }
            case F16 -> {
                for (int i = 0; i < row.length; i++) row[i] = fromFp16(in.getShort());
            }
            case Q8_0 -> {
                for (int b = 0; b < row.length; b += QK) {
                    float d = fromFp16(in.getShort());
                    for (int j = 0; j < QK; j++) row[b + j] = in.get() * d;
                }
            }
            case Q4_0 -> {
                for (int b = 0; b < row.length; b += QK) {
                    float d = fromFp16(in.getShort());
                    for (int j = 0; j < QK / 2; j++) {
                        int packed = in.get() & 0xFF;
                        row[b + j] = ((packed & 0x0F) - 8) * d;
                        row[b + j + QK / 2] = ((packed >>> 4) - 8) * d;
                    }
                }
            }
        }
    }

    /** Replaces each value of {@code row} by what a file of {@code type} stores for it (encode, then decode). */
    public static void roundTrip(GgmlType type, float[] row) {
        if (type == GgmlType.F32) {
            return;
        }
        ByteBuffer scratch = ByteBuffer.allocate((int) type.rowBytes(row.length)).order(ByteOrder.LITTLE_ENDIAN);
        encodeRow(type, row, scratch);
        scratch.flip();
        decodeRow(type, scratch, row);
    }

    /**
     * One Q8_0 block: {@code d = amax / 127} (float32), stored as fp16; {@code q = roundf(x * (1/d))} where
     * the quantization uses the float32 {@code d}, not the fp16-rounded one, exactly as ggml does.
     */
    static void quantizeQ8_0Block(float[] x, int off, ByteBuffer out) {
        float amax = 0.0f;
        for (int j = 0; j < QK; j++) amax = Math.max(amax, Math.abs(x[off + j]));
        float d = amax / 127.0f;
        float id = d != 0.0f ? 1.0f / d : 0.0f;
        out.putShort(toFp16(d));
        for (int j = 0; j < QK; j++) {
            float x0 = x[off + j] * id;
            out.put((byte) roundHalfAwayFromZero(x0));
        }
    }

    /**
     * One Q4_0 block: {@code max} is the first value of largest magnitude (sign kept), {@code d = max / -8};
     * {@code q = min(15, (int8)(x * (1/d) + 8.5))}. Byte j holds element j in its low nibble and element
     * j + 16 in its high nibble.
     */
    static void quantizeQ4_0Block(float[] x, int off, ByteBuffer out) {
        float amax = 0.0f;
        float max = 0.0f;
        for (int j = 0; j < QK; j++) {
            float v = x[off + j];
            if (amax < Math.abs(v)) { // strict: the first element of largest magnitude wins, as in ggml
                amax = Math.abs(v);
                max = v;
            }
        }
        float d = max / -8.0f;
        float id = d != 0.0f ? 1.0f / d : 0.0f;
        out.putShort(toFp16(d));
        for (int j = 0; j < QK / 2; j++) {
            float x0 = x[off + j] * id;
            float x1 = x[off + QK / 2 + j] * id;
            // (int8_t) of a float truncates toward zero; the operand is >= 0.5 here, so (int) matches.
            int q0 = Math.min(15, (byte) (int) (x0 + 8.5f));
            int q1 = Math.min(15, (byte) (int) (x1 + 8.5f));
            out.put((byte) (q0 | (q1 << 4)));
        }
    }

    /** C's {@code roundf}: halves round away from zero (Java's Math.round rounds them up). */
    static int roundHalfAwayFromZero(float x) {
        // |x| + 0.5 is exact in double for any float below 2^29, so no double rounding can occur.
        double a = Math.floor(Math.abs((double) x) + 0.5);
        return (int) Math.copySign(a, x);
    }

    private static void requireLittleEndian(ByteBuffer b) {
        if (b.order() != ByteOrder.LITTLE_ENDIAN) {
            throw new IllegalArgumentException("GGUF data is little-endian; set the buffer's order");
        }
    }
}
