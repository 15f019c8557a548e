package dev.hearth.gguf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class GgmlQuantsTest {

    private static byte[] encode(GgmlType type, float[] row) {
        ByteBuffer out = ByteBuffer.allocate((int) type.rowBytes(row.length)).order(ByteOrder.LITTLE_ENDIAN);
        GgmlQuants.encodeRow(type, row, out);
        assertThat(out.remaining()).as("encoder fills exactly the row size").isZero();
        return out.array();
    }

    private static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) b[i] = (byte) values[i];
        return b;
    }

    @Test
    void a_q8_0_block_stores_an_fp16_scale_then_values_rounded_half_away_from_zero() {
        float[] x = new float[32];
        x[0] = -127f; // amax 127 gives d = 1, so q = roundf(x)
        x[1] = -2.5f;
        x[2] = 2.5f;
        x[3] = 1.5f;
        x[4] = -0.5f;
        x[5] = 0.49f;
        x[6] = 100.7f;
        byte[] expected = new byte[34];
        System.arraycopy(bytes(0x00, 0x3C, 0x81, 0xFD, 0x03, 0x02, 0xFF, 0x00, 0x65), 0, expected, 0, 9);

        assertThat(encode(GgmlType.Q8_0, x)).containsExactly(expected);
    }

    @Test
    void a_q4_0_block_scales_by_the_signed_extreme_and_packs_element_j_low_and_j_plus_16_high() {
        float[] x = new float[32];
        x[0] = -8f; // the signed extreme: d = -8 / -8 = 1
        x[1] = 7f; // 15.5 -> 15
        x[2] = 7.9f; // 16.4 -> 16, clamped to 15
        x[3] = -0.5f; // 8.0 -> 8
        x[4] = -0.6f; // 7.9 -> 7
        x[5] = 0.49f; // 8.99 -> 8
        x[6] = 0.5f; // 9.0 -> 9
        x[16] = 3f; // 11.5 -> 11, high nibble of byte 0
        x[17] = -3f; // 5.5 -> 5, high nibble of byte 1
        byte[] expected = new byte[18];
        expected[0] = 0x00;
        expected[1] = 0x3C;
        byte[] qs = bytes(0xB0, 0x5F, 0x8F, 0x88, 0x87, 0x88, 0x89, 0x88, 0x88, 0x88, 0x88, 0x88, 0x88, 0x88, 0x88, 0x88);
        System.arraycopy(qs, 0, expected, 2, 16);

        assertThat(encode(GgmlType.Q4_0, x)).containsExactly(expected);

        float[] back = x.clone();
        GgmlQuants.roundTrip(GgmlType.Q4_0, back);
        assertThat(back[0]).isEqualTo(-8f);
        assertThat(back[1]).isEqualTo(7f);
        assertThat(back[2]).isEqualTo(7f);
        assertThat(back[4]).isEqualTo(-1f);
        assertThat(back[6]).isEqualTo(1f);
        assertThat(back[16]).isEqualTo(3f);
        assertThat(back[17]).isEqualTo(-3f);
    }

    @Test
    void a_positive_extreme_in_q4_0_gives_a_negative_scale_and_quant_zero() {
        float[] x = new float[32];
        x[0] = 4f;
        x[1] = -4f; // same magnitude but not first: x/d = 8 -> 16.5 -> clamped to 15
        byte[] block = encode(GgmlType.Q4_0, x);
        assertThat(GgmlQuants.fromFp16((short) ((block[0] & 0xFF) | (block[1] << 8)))).isEqualTo(-0.5f);
        assertThat(block[2] & 0x0F).isZero();
        assertThat(block[3] & 0x0F).isEqualTo(15);
    }

    @Test
    void an_all_zero_block_quantizes_to_zero_scale_and_decodes_to_zeros() {
        for (GgmlType type : new GgmlType[] {GgmlType.Q4_0, GgmlType.Q8_0}) {
            float[] x = new float[64];
            GgmlQuants.roundTrip(type, x);
            for (float v : x) assertThat(v == 0f).as("%s decodes zero (sign may be negative, as in ggml)", type).isTrue();
        }
    }

    @Test
    void q8_0_error_stays_within_about_half_a_step() {
        SplittableRandom r = new SplittableRandom(1);
        for (int trial = 0; trial < 200; trial++) {
            float[] x = randomBlock(r);
            float[] y = x.clone();
            GgmlQuants.roundTrip(GgmlType.Q8_0, y);
            double step = amax(x) / 127;
            for (int i = 0; i < 32; i++) {
                assertThat((double) Math.abs(y[i] - x[i])).isLessThanOrEqualTo(0.6 * step);
            }
        }
    }

    @Test
    void q4_0_error_stays_within_one_step_and_is_half_a_step_on_average() {
        SplittableRandom r = new SplittableRandom(2);
        double sumError = 0;
        double sumStep = 0;
        for (int trial = 0; trial < 200; trial++) {
            float[] x = randomBlock(r);
            float[] y = x.clone();
            GgmlQuants.roundTrip(GgmlType.Q4_0, y);
            double step = amax(x) / 8;
            for (int i = 0; i < 32; i++) {
                double e = Math.abs(y[i] - x[i]);
                assertThat(e).isLessThanOrEqualTo(1.01 * step);
                sumError += e;
                sumStep += step;
            }
        }
        assertThat(sumError / sumStep).isLessThan(0.3);
    }

    @Test
    void f16_storage_is_round_to_nearest_even_half_precision() {
        float[] x = {1.0f, 0.1f, 65504f, 1.00048828125f /* halfway between two halves: rounds to even */};
        float[] y = x.clone();
        GgmlQuants.roundTrip(GgmlType.F16, y);
        assertThat(y[0]).isEqualTo(1.0f);
        assertThat(y[1]).isEqualTo(0.0999755859375f);
        assertThat(y[2]).isEqualTo(65504f);
        assertThat(y[3]).isEqualTo(1.0f);
    }

    @Test
    void c_roundf_semantics_round_halves_away_from_zero() {
        assertThat(GgmlQuants.roundHalfAwayFromZero(2.5f)).isEqualTo(3);
        assertThat(GgmlQuants.roundHalfAwayFromZero(-2.5f)).isEqualTo(-3);
        assertThat(GgmlQuants.roundHalfAwayFromZero(0.49999997f)).isZero();
        assertThat(GgmlQuants.roundHalfAwayFromZero(-126.5f)).isEqualTo(-127);
    }

    @Test
    void rows_that_are_not_whole_blocks_are_rejected() {
        assertThatThrownBy(() -> GgmlQuants.roundTrip(GgmlType.Q8_0, new float[48]))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static float[] randomBlock(SplittableRandom r) {
        float[] x = new float[32];
        double scale = Math.exp(r.nextDouble(-5, 3));
        for (int i = 0; i < 32; i++) x[i] = (float) (scale * r.nextGaussian());
        return x;
    }

    private static double amax(float[] x) {
        double m = 0;
        for (float v : x) m = Math.max(m, Math.abs(v));
        return m;
    }
}
