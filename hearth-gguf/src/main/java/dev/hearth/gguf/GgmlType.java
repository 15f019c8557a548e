package dev.hearth.gguf;

/**
 * The ggml tensor types this testkit can write, with ggml's numeric ids and block geometry.
 *
 * <p>Invariant: a row of {@code ne0} elements occupies {@code ne0 / blockSize * blockBytes} bytes, and
 * {@code ne0} must be a multiple of {@link #blockSize()} (gguf rejects other shapes).
 */
public enum GgmlType {
    /** 32-bit IEEE float, one value per "block". */
    F32(0, 1, 4, 0),
    /** IEEE half precision, round-to-nearest-even from float32 (what ggml's converters do). */
    F16(1, 1, 2, 1),
    /** 32 values per block: fp16 scale d, then 16 bytes of 4-bit quants; value = (q - 8) * d. */
    Q4_0(2, 32, 18, 2),
    /** 32 values per block: fp16 scale d, then 32 signed bytes; value = q * d. */
    Q8_0(8, 32, 34, 7);

    private final int id;
    private final int blockSize;
    private final int blockBytes;
    private final int llamaFileType;

    GgmlType(int id, int blockSize, int blockBytes, int llamaFileType) {
        this.id = id;
        this.blockSize = blockSize;
        this.blockBytes = blockBytes;
        this.llamaFileType = llamaFileType;
    }

    /** ggml's {@code enum ggml_type} value, as stored in a GGUF tensor info. */
    public int id() {
        return id;
    }

    /** Number of elements per quantization block (1 for F32 and F16). */
    public int blockSize() {
        return blockSize;
    }

    /** Bytes per block. */
    public int blockBytes() {
        return blockBytes;
    }

    /** llama.cpp's {@code llama_ftype} for a model whose 2-D weights have this type ({@code general.file_type}). */
    public int llamaFileType() {
        return llamaFileType;
    }

    /** Bytes of one row of {@code ne0} elements. */
    public long rowBytes(long ne0) {
        if (ne0 % blockSize != 0) {
            throw new IllegalArgumentException(this + " rows need a multiple of " + blockSize + " elements, got " + ne0);
        }
        return ne0 / blockSize * blockBytes;
    }

    /** The type with ggml id {@code id}. */
    public static GgmlType ofId(int id) {
        for (GgmlType t : values()) {
            if (t.id == id) {
                return t;
            }
        }
        throw new IllegalArgumentException("unsupported ggml type id " + id);
    }
}
