package dev.hearth.gguf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GgufWriterTest {
    @TempDir
    Path dir;

    private static float[] ramp(int n, float scale) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) Math.sin(i * 0.37) * scale;
        return v;
    }

    @Test
    void metadata_of_every_type_reads_back_unchanged() throws IOException {
        GgufWriter w = new GgufWriter()
                .put("u8", new GgufValue.UInt8(200))
                .put("i8", new GgufValue.Int8((byte) -5))
                .put("u16", new GgufValue.UInt16(65000))
                .put("i16", new GgufValue.Int16((short) -300))
                .put("u32", GgufValue.u32(4_000_000_000L))
                .put("i32", GgufValue.i32(-7))
                .put("f32", GgufValue.f32(1.5))
                .put("bool", GgufValue.bool(true))
                .put("str", GgufValue.str("héllo ▁ world"))
                .put("u64", GgufValue.u64(-1L))
                .put("i64", new GgufValue.Int64(-9_000_000_000L))
                .put("f64", new GgufValue.Float64(Math.PI))
                .put("strings", GgufValue.strings(List.of("a", "", "<0x0A>")))
                .put("floats", GgufValue.float32s(new float[] {0.5f, -1f}))
                .put("ints", GgufValue.int32s(new int[] {1, 2, 3}))
                .put("plain", (Object) 7);
        Path file = dir.resolve("meta.gguf");
        w.write(file);

        GgufTestReader r = GgufTestReader.read(file);
        assertThat(r.version()).isEqualTo(3);
        assertThat(r.tensors()).isEmpty();
        assertThat(r.metadata().keySet()).containsExactly("u8", "i8", "u16", "i16", "u32", "i32", "f32", "bool",
                "str", "u64", "i64", "f64", "strings", "floats", "ints", "plain");
        assertThat(r.metadata().get("u32")).isEqualTo(GgufValue.u32(4_000_000_000L));
        assertThat(r.metadata().get("str")).isEqualTo(GgufValue.str("héllo ▁ world"));
        assertThat(r.metadata().get("strings")).isEqualTo(GgufValue.strings(List.of("a", "", "<0x0A>")));
        assertThat(r.metadata().get("plain")).as("Integer maps to UINT32").isEqualTo(GgufValue.u32(7));
        assertThat(r.metadata().get("f64")).isEqualTo(new GgufValue.Float64(Math.PI));
    }

    @Test
    void tensors_lie_at_aligned_offsets_in_declaration_order_and_read_back() throws IOException {
        float[] f32 = ramp(5, 1f);
        float[] f16 = ramp(32 * 2, 3f);
        float[] q8 = ramp(64 * 2, 2f);
        float[] q4 = ramp(32 * 3, 0.1f);
        GgufWriter w = new GgufWriter()
                .put("general.architecture", "test")
                .addTensor("odd_f32", GgmlType.F32, new long[] {5}, f32)
                .addTensor("f16", GgmlType.F16, new long[] {32, 2}, f16)
                .addTensor("q8", GgmlType.Q8_0, new long[] {64, 2}, q8)
                .addTensor("q4", GgmlType.Q4_0, new long[] {32, 3, 1}, q4);
        Path file = dir.resolve("tensors.gguf");
        w.write(file);

        GgufTestReader r = GgufTestReader.read(file);
        assertThat(r.tensors()).extracting(GgufTestReader.Info::name).containsExactly("odd_f32", "f16", "q8", "q4");
        assertThat(r.tensor("q4").dims()).containsExactly(32, 3, 1);
        assertThat(r.tensors()).extracting(GgufTestReader.Info::type).containsExactly(0, 1, 8, 2);
        assertThat(r.dataOffset() % 32).isZero();
        long expectedOffset = 0;
        long[] sizes = {5 * 4, 64 * 2, 2 * 2 * 34, 3 * 18};
        for (int i = 0; i < sizes.length; i++) {
            assertThat(r.tensors().get(i).offset()).isEqualTo(expectedOffset);
            assertThat(w.tensorInfos().get(i).nbytes()).isEqualTo(sizes[i]);
            expectedOffset = (expectedOffset + sizes[i] + 31) / 32 * 32;
        }
        assertThat(Files.size(file)).isEqualTo(r.dataOffset() + expectedOffset);

        assertThat(r.values("odd_f32")).containsExactly(f32);
        assertThat(r.values("f16")).containsExactly(stored(GgmlType.F16, f16));
        assertThat(r.values("q8")).containsExactly(stored(GgmlType.Q8_0, q8));
        assertThat(r.values("q4")).containsExactly(stored(GgmlType.Q4_0, q4));
    }

    @Test
    void a_custom_alignment_applies_to_the_data_section_and_every_tensor() throws IOException {
        GgufWriter w = new GgufWriter()
                .put(GgufWriter.ALIGNMENT_KEY, GgufValue.u32(64))
                .addTensor("a", GgmlType.F32, new long[] {3}, new float[3])
                .addTensor("b", GgmlType.F32, new long[] {3}, new float[] {1, 2, 3});
        Path file = dir.resolve("aligned.gguf");
        w.write(file);

        GgufTestReader r = GgufTestReader.read(file);
        assertThat(r.dataOffset() % 64).isZero();
        assertThat(r.tensor("b").offset()).isEqualTo(64);
        assertThat(r.values("b")).containsExactly(1, 2, 3);
    }

    @Test
    void rows_are_pulled_only_while_writing_one_call_per_row() throws IOException {
        AtomicInteger opened = new AtomicInteger();
        AtomicInteger rows = new AtomicInteger();
        GgufWriter w = new GgufWriter().addTensor("t", GgmlType.F32, new long[] {32, 4, 3}, () -> {
            opened.incrementAndGet();
            return row -> {
                assertThat(row).hasSize(32);
                java.util.Arrays.fill(row, rows.incrementAndGet());
            };
        });
        assertThat(w.tensorInfos().getFirst().nbytes()).isEqualTo(12 * 32 * 4);
        assertThat(opened).hasValue(0);

        Path file = dir.resolve("streamed.gguf");
        w.write(file);

        assertThat(opened).hasValue(1);
        assertThat(rows).hasValue(12);
        float[] values = GgufTestReader.read(file).values("t");
        assertThat(values[11 * 32]).isEqualTo(12f);
    }

    @Test
    void invalid_tensors_and_alignments_are_rejected_before_writing() {
        GgufWriter w = new GgufWriter().addTensor("x", GgmlType.F32, new long[] {1}, new float[1]);
        assertThatThrownBy(() -> w.addTensor("q", GgmlType.Q8_0, new long[] {48, 2}, new float[96]))
                .hasMessageContaining("multiple of 32");
        assertThatThrownBy(() -> w.addTensor("x", GgmlType.F32, new long[] {1}, new float[1]))
                .hasMessageContaining("duplicate");
        assertThatThrownBy(() -> w.addTensor("n".repeat(64), GgmlType.F32, new long[] {1}, new float[1]))
                .hasMessageContaining("too long");
        assertThatThrownBy(() -> w.addTensor("five", GgmlType.F32, new long[] {1, 1, 1, 1, 1}, new float[1]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> w.put(GgufWriter.ALIGNMENT_KEY, GgufValue.u32(48)))
                .hasMessageContaining("power of two");
        assertThatThrownBy(() -> w.put(GgufWriter.ALIGNMENT_KEY, GgufValue.i32(64)))
                .hasMessageContaining("UInt32");
    }

    @Test
    void a_failed_write_leaves_no_file_behind() {
        GgufWriter w = new GgufWriter().addTensor("t", GgmlType.F32, new long[] {4}, () -> row -> {
            throw new IllegalStateException("generator failed");
        });
        Path file = dir.resolve("broken.gguf");
        assertThatThrownBy(() -> w.write(file)).hasMessageContaining("generator failed");
        assertThat(dir).isEmptyDirectory();
    }

    private static float[] stored(GgmlType type, float[] values) {
        float[] out = values.clone();
        int ne0 = type == GgmlType.F16 ? 32 : type == GgmlType.Q8_0 ? 64 : 32;
        for (int r = 0; r < out.length / ne0; r++) {
            float[] row = java.util.Arrays.copyOfRange(out, r * ne0, (r + 1) * ne0);
            GgmlQuants.roundTrip(type, row);
            System.arraycopy(row, 0, out, r * ne0, ne0);
        }
        return out;
    }
}
