package dev.hearth.gguf;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Writes a GGUF v3 file: header, metadata, tensor infos, then the tensor data, each tensor starting at a
 * multiple of the file's alignment ({@code general.alignment}, default 32) from the start of the data
 * section, which itself starts at a multiple of the alignment from the start of the file.
 *
 * <p>Tensor data is streamed: each tensor's rows are pulled from its {@link RowSource} only while that
 * tensor is written, one row at a time, so a model of any size is written in constant memory. The file
 * appears under its final name only once it is complete (written to a sibling, then moved).
 */
public final class GgufWriter {
    public static final int VERSION = 3;
    public static final int DEFAULT_ALIGNMENT = 32;
    public static final String ALIGNMENT_KEY = "general.alignment";
    /** ggml's {@code GGML_MAX_NAME}: tensor names must be shorter than this many bytes. */
    public static final int MAX_TENSOR_NAME = 64;
    private static final int MAX_DIMS = 4;

    /** Yields a tensor's rows in order; each call fills one row of {@code ne[0]} values. */
    @FunctionalInterface
    public interface RowSource {
        void nextRow(float[] row);
    }

    /**
     * Where a tensor lies: {@code dims} lists ne[0] first (ne[0] is the contiguous row length);
     * {@code offset} is relative to the start of the data section; {@code nbytes} excludes padding.
     */
    public record TensorInfo(String name, GgmlType type, List<Long> dims, long offset, long nbytes) {
        public TensorInfo {
            dims = List.copyOf(dims);
        }

        public long rows() {
            return dims.stream().skip(1).reduce(1L, Math::multiplyExact);
        }
    }

    private record Pending(String name, GgmlType type, long[] dims, Supplier<RowSource> rows) {
    }

    private final Map<String, GgufValue> metadata = new LinkedHashMap<>();
    private final List<Pending> tensors = new ArrayList<>();

    /** Adds or replaces a metadata key; keys are written in insertion order. */
    public GgufWriter put(String key, GgufValue value) {
        Objects.requireNonNull(key);
        Objects.requireNonNull(value);
        if (key.equals(ALIGNMENT_KEY)) {
            if (!(value instanceof GgufValue.UInt32(long a)) || a == 0 || (a & (a - 1)) != 0) {
                throw new IllegalArgumentException(ALIGNMENT_KEY + " must be a UInt32 power of two, got " + value);
            }
        }
        metadata.put(key, value);
        return this;
    }

    /** Adds a plain Java value, converted by {@link GgufValue#of(Object)}. */
    public GgufWriter put(String key, Object value) {
        return put(key, GgufValue.of(value));
    }

    /** Adds every entry of {@code values}, converted by {@link GgufValue#of(Object)}. */
    public GgufWriter putAll(Map<String, ?> values) {
        values.forEach(this::put);
        return this;
    }

    /**
     * Declares a tensor. {@code dims} lists ne[0] first; {@code rows} is called once, when the tensor is
     * written, and must then yield {@code dims[1] * dims[2] * ...} rows of {@code dims[0]} values.
     */
    public GgufWriter addTensor(String name, GgmlType type, long[] dims, Supplier<RowSource> rows) {
        validateTensor(name, type, dims);
        tensors.add(new Pending(name, type, dims.clone(), Objects.requireNonNull(rows)));
        return this;
    }

    /** Declares a tensor whose values are given row-major (ne[0] fastest). The array is read when written. */
    public GgufWriter addTensor(String name, GgmlType type, long[] dims, float[] values) {
        long count = Arrays.stream(dims).reduce(1L, Math::multiplyExact);
        if (count != values.length) {
            throw new IllegalArgumentException(name + ": " + values.length + " values for " + count + " elements");
        }
        int ne0 = (int) dims[0];
        return addTensor(name, type, dims, () -> new RowSource() {
            private int next;

            @Override
            public void nextRow(float[] row) {
                System.arraycopy(values, next, row, 0, ne0);
                next += ne0;
            }
        });
    }

    /** The alignment the file will use. */
    public int alignment() {
        GgufValue v = metadata.get(ALIGNMENT_KEY);
        return v == null ? DEFAULT_ALIGNMENT : (int) ((GgufValue.UInt32) v).value();
    }

    /** The tensor layout the file will have, in declaration order. */
    public List<TensorInfo> tensorInfos() {
        List<TensorInfo> infos = new ArrayList<>(tensors.size());
        long offset = 0;
        for (Pending t : tensors) {
            long rows = Arrays.stream(t.dims).skip(1).reduce(1L, Math::multiplyExact);
            long nbytes = Math.multiplyExact(t.type.rowBytes(t.dims[0]), rows);
            infos.add(new TensorInfo(t.name, t.type, Arrays.stream(t.dims).boxed().toList(), offset, nbytes));
            offset = alignUp(offset + nbytes, alignment());
        }
        return infos;
    }

    /** Writes the file; {@code file} is replaced atomically once complete. */
    public void write(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path partial = Files.createTempFile(parent, file.getFileName().toString(), ".partial");
        try {
            try (FileChannel channel = FileChannel.open(partial, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                LittleEndianSink out = new LittleEndianSink(channel);
                writeTo(out);
                out.flush();
            }
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    private void writeTo(LittleEndianSink out) throws IOException {
        int alignment = alignment();
        List<TensorInfo> infos = tensorInfos();
        out.bytes(new byte[] {'G', 'G', 'U', 'F'});
        out.u32(VERSION);
        out.u64(infos.size());
        out.u64(metadata.size());
        for (Map.Entry<String, GgufValue> kv : metadata.entrySet()) {
            out.string(kv.getKey());
            out.u32(kv.getValue().type().id());
            writeValue(out, kv.getValue());
        }
        for (TensorInfo info : infos) {
            out.string(info.name());
            out.u32(info.dims().size());
            for (long d : info.dims()) out.u64(d);
            out.u32(info.type().id());
            out.u64(info.offset());
        }
        out.padTo(alignment);
        long dataStart = out.position();
        for (int i = 0; i < infos.size(); i++) {
            TensorInfo info = infos.get(i);
            if (out.position() - dataStart != info.offset()) {
                throw new IllegalStateException("layout drift at " + info.name()); // invariant of tensorInfos()
            }
            writeTensorData(out, info, tensors.get(i).rows.get());
            out.padTo(alignment);
        }
    }

    private static void writeTensorData(LittleEndianSink out, TensorInfo info, RowSource source) throws IOException {
        int ne0 = Math.toIntExact(info.dims().getFirst());
        int rowBytes = Math.toIntExact(info.type().rowBytes(ne0));
        float[] row = new float[ne0];
        for (long r = 0, rows = info.rows(); r < rows; r++) {
            source.nextRow(row);
            ByteBuffer target = out.reserve(rowBytes);
            GgmlQuants.encodeRow(info.type(), row, target);
        }
    }

    private static void writeValue(LittleEndianSink out, GgufValue value) throws IOException {
        switch (value) {
            case GgufValue.UInt8 v -> out.u8(v.value());
            case GgufValue.Int8 v -> out.u8(v.value());
            case GgufValue.UInt16 v -> out.reserve(2).putShort((short) v.value());
            case GgufValue.Int16 v -> out.reserve(2).putShort(v.value());
            case GgufValue.UInt32 v -> out.u32(v.value());
            case GgufValue.Int32 v -> out.i32(v.value());
            case GgufValue.Float32 v -> out.reserve(4).putFloat(v.value());
            case GgufValue.Bool v -> out.u8(v.value() ? 1 : 0);
            case GgufValue.Str v -> out.string(v.value());
            case GgufValue.UInt64 v -> out.u64(v.value());
            case GgufValue.Int64 v -> out.u64(v.value());
            case GgufValue.Float64 v -> out.reserve(8).putDouble(v.value());
            case GgufValue.Array a -> {
                out.u32(a.elementType().id());
                out.u64(a.elements().size());
                for (GgufValue e : a.elements()) writeValue(out, e);
            }
        }
    }

    private void validateTensor(String name, GgmlType type, long[] dims) {
        Objects.requireNonNull(type);
        if (name.getBytes(java.nio.charset.StandardCharsets.UTF_8).length >= MAX_TENSOR_NAME) {
            throw new IllegalArgumentException("tensor name too long for ggml: " + name);
        }
        if (tensors.stream().anyMatch(t -> t.name.equals(name))) {
            throw new IllegalArgumentException("duplicate tensor " + name);
        }
        if (dims.length < 1 || dims.length > MAX_DIMS || Arrays.stream(dims).anyMatch(d -> d <= 0)) {
            throw new IllegalArgumentException(name + ": need 1 to 4 positive dims, got " + Arrays.toString(dims));
        }
        if (dims[0] > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(name + ": rows longer than 2^31 elements are not supported");
        }
        type.rowBytes(dims[0]);
    }

    static long alignUp(long n, int alignment) {
        return (n + alignment - 1) / alignment * alignment;
    }
}
