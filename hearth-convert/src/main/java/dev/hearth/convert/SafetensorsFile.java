package dev.hearth.convert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One memory-mapped {@code .safetensors} file: an 8-byte little-endian header length N, N bytes of JSON
 * ({@code {"name": {"dtype", "shape", "data_offsets": [begin, end]}, "__metadata__": {...}}}), then the
 * raw little-endian tensor data, offsets relative to the byte after the header.
 *
 * <p>The mapping lives as long as the arena passed to {@link #open}; tensors read from it are views, not
 * copies, so a model of any size is read without loading it into the heap.
 */
public final class SafetensorsFile {
    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final long MAX_HEADER = 100L * 1024 * 1024;

    /** The element types Hearth reads; others (integer, FP8) are rejected by name. */
    public enum DType {
        F32(4), F16(2), BF16(2);

        private final int bytes;

        DType(int bytes) {
            this.bytes = bytes;
        }

        public int bytes() {
            return bytes;
        }
    }

    /** A tensor: HF shape (outermost first, so {@code [out, in]} for a linear weight) and its bytes. */
    public record Tensor(String name, DType dtype, List<Long> shape, MemorySegment data) {
        public Tensor {
            shape = List.copyOf(shape);
        }

        public long elementCount() {
            return shape.stream().reduce(1L, Math::multiplyExact);
        }

        /** Length of the innermost dimension (1 for a scalar). */
        public long rowLength() {
            return shape.isEmpty() ? 1 : shape.getLast();
        }

        /** Element {@code index} (row-major) as float32; F16 and BF16 widen exactly. */
        public float get(long index) {
            return switch (dtype) {
                case F32 -> data.getAtIndex(F32, index);
                case F16 -> Float.float16ToFloat(data.getAtIndex(U16, index));
                case BF16 -> Float.intBitsToFloat((data.getAtIndex(U16, index) & 0xFFFF) << 16);
            };
        }

        /** Copies {@code out.length} elements starting at element {@code start} into {@code out}. */
        public void read(long start, float[] out) {
            if (dtype == DType.F32) {
                MemorySegment.copy(data, F32, start * 4, out, 0, out.length);
                return;
            }
            short[] halves = new short[out.length];
            MemorySegment.copy(data, U16, start * 2, halves, 0, halves.length);
            if (dtype == DType.F16) {
                for (int i = 0; i < out.length; i++) out[i] = Float.float16ToFloat(halves[i]);
            } else {
                for (int i = 0; i < out.length; i++) out[i] = Float.intBitsToFloat((halves[i] & 0xFFFF) << 16);
            }
        }
    }

    private final Path file;
    private final Map<String, Tensor> tensors;
    private final Map<String, String> metadata;

    private SafetensorsFile(Path file, Map<String, Tensor> tensors, Map<String, String> metadata) {
        this.file = file;
        this.tensors = tensors;
        this.metadata = metadata;
    }

    /** Maps {@code file} read-only for the lifetime of {@code arena} and parses its header. */
    public static SafetensorsFile open(Path file, Arena arena, ObjectMapper json) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            MemorySegment all = ch.map(FileChannel.MapMode.READ_ONLY, 0, size, arena);
            if (size < 8) throw new ConversionException(file + ": not a safetensors file (" + size + " bytes)");
            long headerLength = all.get(ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 0);
            if (headerLength <= 0 || headerLength > MAX_HEADER || 8 + headerLength > size) {
                throw new ConversionException(file + ": bad safetensors header length " + headerLength);
            }
            byte[] header = all.asSlice(8, headerLength).toArray(ValueLayout.JAVA_BYTE);
            JsonNode root = json.readTree(new String(header, StandardCharsets.UTF_8));
            MemorySegment data = all.asSlice(8 + headerLength);
            Map<String, Tensor> tensors = new LinkedHashMap<>();
            Map<String, String> metadata = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getKey().equals("__metadata__")) {
                    e.getValue().fields().forEachRemaining(m -> metadata.put(m.getKey(), m.getValue().asText()));
                    continue;
                }
                tensors.put(e.getKey(), tensor(file, e.getKey(), e.getValue(), data));
            }
            return new SafetensorsFile(file, tensors, metadata);
        } catch (IOException e) {
            throw new ConversionException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static Tensor tensor(Path file, String name, JsonNode info, MemorySegment data) {
        String dtypeName = info.path("dtype").asText();
        DType dtype;
        try {
            dtype = DType.valueOf(dtypeName);
        } catch (IllegalArgumentException e) {
            throw new ConversionException(file + ": tensor " + name + " has dtype " + dtypeName
                    + "; Hearth converts F32, F16 and BF16 weights");
        }
        List<Long> shape = new ArrayList<>();
        info.path("shape").forEach(d -> shape.add(d.asLong()));
        long begin = info.path("data_offsets").path(0).asLong(-1);
        long end = info.path("data_offsets").path(1).asLong(-1);
        long expected = shape.stream().reduce(1L, Math::multiplyExact) * dtype.bytes();
        if (begin < 0 || end < begin || end > data.byteSize() || end - begin != expected) {
            throw new ConversionException(file + ": tensor " + name + " has offsets [" + begin + ", " + end
                    + ") for " + expected + " bytes in a " + data.byteSize() + "-byte data section");
        }
        return new Tensor(name, dtype, shape, data.asSlice(begin, end - begin));
    }

    public Path file() {
        return file;
    }

    /** Tensors in header order, by name. */
    public Map<String, Tensor> tensors() {
        return tensors;
    }

    /** The header's {@code __metadata__} strings (e.g. {@code format: pt}). */
    public Map<String, String> metadata() {
        return metadata;
    }
}
