package dev.hearth.gguf;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A typed GGUF metadata value. GGUF readers (llama.cpp included) check the stored type strictly, so a
 * count written as INT32 where llama.cpp expects UINT32 makes the model fail to load: pick the record
 * that matches the key's documented type.
 */
public sealed interface GgufValue {

    /** GGUF's value type ids ({@code enum gguf_type}). */
    enum Type {
        UINT8(0), INT8(1), UINT16(2), INT16(3), UINT32(4), INT32(5), FLOAT32(6), BOOL(7), STRING(8),
        ARRAY(9), UINT64(10), INT64(11), FLOAT64(12);

        private final int id;

        Type(int id) {
            this.id = id;
        }

        public int id() {
            return id;
        }

        public static Type ofId(int id) {
            for (Type t : values()) {
                if (t.id == id) {
                    return t;
                }
            }
            throw new IllegalArgumentException("unknown gguf value type " + id);
        }
    }

    Type type();

    record UInt8(int value) implements GgufValue {
        public UInt8 {
            if (value < 0 || value > 0xFF) throw new IllegalArgumentException("uint8 out of range: " + value);
        }
        public Type type() { return Type.UINT8; }
    }

    record Int8(byte value) implements GgufValue {
        public Type type() { return Type.INT8; }
    }

    record UInt16(int value) implements GgufValue {
        public UInt16 {
            if (value < 0 || value > 0xFFFF) throw new IllegalArgumentException("uint16 out of range: " + value);
        }
        public Type type() { return Type.UINT16; }
    }

    record Int16(short value) implements GgufValue {
        public Type type() { return Type.INT16; }
    }

    record UInt32(long value) implements GgufValue {
        public UInt32 {
            if (value < 0 || value > 0xFFFF_FFFFL) throw new IllegalArgumentException("uint32 out of range: " + value);
        }
        public Type type() { return Type.UINT32; }
    }

    record Int32(int value) implements GgufValue {
        public Type type() { return Type.INT32; }
    }

    record Float32(float value) implements GgufValue {
        public Type type() { return Type.FLOAT32; }
    }

    record Bool(boolean value) implements GgufValue {
        public Type type() { return Type.BOOL; }
    }

    /** A UTF-8 string (stored as uint64 byte length, then the bytes, no terminator). */
    record Str(String value) implements GgufValue {
        public Str {
            Objects.requireNonNull(value);
        }
        public Type type() { return Type.STRING; }
    }

    /** An unsigned 64-bit value held in a long's bits. */
    record UInt64(long value) implements GgufValue {
        public Type type() { return Type.UINT64; }
    }

    record Int64(long value) implements GgufValue {
        public Type type() { return Type.INT64; }
    }

    record Float64(double value) implements GgufValue {
        public Type type() { return Type.FLOAT64; }
    }

    /**
     * A homogeneous array. Invariant: every element has {@code elementType}, and arrays do not nest
     * (gguf's reader in llama.cpp rejects nested arrays).
     */
    record Array(Type elementType, List<GgufValue> elements) implements GgufValue {
        public Array {
            if (elementType == Type.ARRAY) throw new IllegalArgumentException("nested gguf arrays are not supported");
            elements = List.copyOf(elements);
            for (GgufValue e : elements) {
                if (e.type() != elementType) {
                    throw new IllegalArgumentException("array of " + elementType + " holds a " + e.type());
                }
            }
        }
        public Type type() { return Type.ARRAY; }
    }

    static GgufValue u32(long v) { return new UInt32(v); }
    static GgufValue i32(int v) { return new Int32(v); }
    static GgufValue u64(long v) { return new UInt64(v); }
    static GgufValue f32(double v) { return new Float32((float) v); }
    static GgufValue bool(boolean v) { return new Bool(v); }
    static GgufValue str(String v) { return new Str(v); }

    static GgufValue strings(List<String> values) {
        return new Array(Type.STRING, values.stream().map(s -> (GgufValue) new Str(s)).toList());
    }

    static GgufValue float32s(float[] values) {
        List<GgufValue> list = new ArrayList<>(values.length);
        for (float v : values) list.add(new Float32(v));
        return new Array(Type.FLOAT32, list);
    }

    static GgufValue int32s(int[] values) {
        List<GgufValue> list = new ArrayList<>(values.length);
        for (int v : values) list.add(new Int32(v));
        return new Array(Type.INT32, list);
    }

    /**
     * Converts a plain Java value, following llama.cpp's conventions for the keys it reads:
     * {@code String} → STRING, {@code Boolean} → BOOL, {@code Integer} → UINT32 (llama.cpp reads counts
     * and token ids as uint32; negative values are rejected), {@code Long} → UINT64, {@code Float} and
     * {@code Double} → FLOAT32 (llama.cpp reads its float keys as float32), {@code float[]} → FLOAT32
     * array, {@code int[]} → INT32 array, a {@code List} of strings → STRING array. A {@link GgufValue}
     * passes through unchanged; use it for any other type.
     */
    static GgufValue of(Object value) {
        return switch (value) {
            case GgufValue v -> v;
            case String s -> new Str(s);
            case Boolean b -> new Bool(b);
            case Integer i -> new UInt32(i);
            case Long l -> new UInt64(l);
            case Float f -> new Float32(f);
            case Double d -> new Float32(d.floatValue());
            case float[] fs -> float32s(fs);
            case int[] is -> int32s(is);
            case List<?> list when list.stream().allMatch(String.class::isInstance) ->
                    strings(list.stream().map(String.class::cast).toList());
            default -> throw new IllegalArgumentException("no GGUF mapping for " + value.getClass().getName()
                    + "; pass a GgufValue");
        };
    }
}
