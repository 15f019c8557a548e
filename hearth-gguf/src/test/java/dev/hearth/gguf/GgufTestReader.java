package dev.hearth.gguf;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A minimal GGUF v3 reader written independently of {@link GgufWriter}, for checking files (public: the llama package's tests use it too). Reads the
 * whole file into memory: use it for small files only.
 */
public record GgufTestReader(int version, Map<String, GgufValue> metadata, List<Info> tensors, long dataOffset,
                      ByteBuffer file) {

    public record Info(String name, long[] dims, int type, long offset) {
        public long elements() {
            long n = 1;
            for (long d : dims) n *= d;
            return n;
        }
    }

    public static GgufTestReader read(Path path) throws IOException {
        ByteBuffer b;
        try (FileChannel ch = FileChannel.open(path)) {
            b = ByteBuffer.allocate(Math.toIntExact(ch.size()));
            while (b.hasRemaining() && ch.read(b) >= 0) {
                // keep reading
            }
        }
        b.flip().order(ByteOrder.LITTLE_ENDIAN);
        byte[] magic = new byte[4];
        b.get(magic);
        if (!new String(magic, StandardCharsets.US_ASCII).equals("GGUF")) throw new IOException("bad magic");
        int version = b.getInt();
        long nTensors = b.getLong();
        long nKv = b.getLong();
        Map<String, GgufValue> kv = new LinkedHashMap<>();
        for (long i = 0; i < nKv; i++) {
            String key = string(b);
            kv.put(key, value(b, GgufValue.Type.ofId(b.getInt())));
        }
        List<Info> infos = new ArrayList<>();
        for (long i = 0; i < nTensors; i++) {
            String name = string(b);
            long[] dims = new long[b.getInt()];
            for (int d = 0; d < dims.length; d++) dims[d] = b.getLong();
            infos.add(new Info(name, dims, b.getInt(), b.getLong()));
        }
        long alignment = kv.get("general.alignment") instanceof GgufValue.UInt32(long a) ? a : 32;
        long dataOffset = (b.position() + alignment - 1) / alignment * alignment;
        return new GgufTestReader(version, kv, infos, dataOffset, b);
    }

    public Info tensor(String name) {
        return tensors.stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow();
    }

    /** Decodes a tensor of a supported type into floats, row-major. */
    public float[] values(String name) {
        Info t = tensor(name);
        GgmlType type = GgmlType.ofId(t.type());
        float[] all = new float[Math.toIntExact(t.elements())];
        int ne0 = (int) t.dims()[0];
        ByteBuffer in = file.duplicate().order(ByteOrder.LITTLE_ENDIAN).position(Math.toIntExact(dataOffset + t.offset()));
        float[] row = new float[ne0];
        for (int r = 0; r < all.length / ne0; r++) {
            GgmlQuants.decodeRow(type, in, row);
            System.arraycopy(row, 0, all, r * ne0, ne0);
        }
        return all;
    }

    private static String string(ByteBuffer b) {
        byte[] bytes = new byte[Math.toIntExact(b.getLong())];
        b.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static GgufValue value(ByteBuffer b, GgufValue.Type type) {
        return switch (type) {
            case UINT8 -> new GgufValue.UInt8(b.get() & 0xFF);
            case INT8 -> new GgufValue.Int8(b.get());
            case UINT16 -> new GgufValue.UInt16(b.getShort() & 0xFFFF);
            case INT16 -> new GgufValue.Int16(b.getShort());
            case UINT32 -> new GgufValue.UInt32(b.getInt() & 0xFFFF_FFFFL);
            case INT32 -> new GgufValue.Int32(b.getInt());
            case FLOAT32 -> new GgufValue.Float32(b.getFloat());
            case BOOL -> new GgufValue.Bool(b.get() != 0);
            case STRING -> new GgufValue.Str(string(b));
            case UINT64 -> new GgufValue.UInt64(b.getLong());
            case INT64 -> new GgufValue.Int64(b.getLong());
            case FLOAT64 -> new GgufValue.Float64(b.getDouble());
            case ARRAY -> {
                GgufValue.Type elementType = GgufValue.Type.ofId(b.getInt());
                long n = b.getLong();
                List<GgufValue> items = new ArrayList<>();
                for (long i = 0; i < n; i++) items.add(value(b, elementType));
                yield new GgufValue.Array(elementType, items);
            }
        };
    }
}
