package dev.hearth.embed.engine;

import dev.hearth.embed.model.Pooling;

/**
 * The encoder's last hidden state for one padded batch, and the pooling over it.
 *
 * <p>Layout: {@code data[(row * seq + position) * dim + k]}, row-major as ONNX Runtime returns it. Invariant:
 * positions at or past {@code lengths[row]} are padding (attention mask 0); no method here reads them, so a
 * row's vector does not depend on what else was in the batch.
 */
public record HiddenStates(float[] data, int batch, int seq, int dim, int[] lengths) {

    /** One sentence vector for {@code row}, not normalized. */
    public float[] pool(int row, Pooling pooling) {
        int len = lengths[row];
        float[] out = new float[dim];
        switch (pooling) {
            case CLS -> System.arraycopy(data, offset(row, 0), out, 0, dim);
            case LAST_TOKEN -> System.arraycopy(data, offset(row, len - 1), out, 0, dim);
            case MEAN -> {
                // Masked mean: the sum over real tokens only, divided by their count (sentence-transformers clamps
                // the count at 1e-9; a row always has at least one token here).
                double[] sum = new double[dim];
                for (int t = 0; t < len; t++) {
                    int at = offset(row, t);
                    for (int k = 0; k < dim; k++) sum[k] += data[at + k];
                }
                for (int k = 0; k < dim; k++) out[k] = (float) (sum[k] / Math.max(len, 1));
            }
        }
        return out;
    }

    /** The vectors of {@code row}'s real tokens ({@code /embed_all}), padding left out. */
    public float[][] tokens(int row) {
        float[][] out = new float[lengths[row]][dim];
        for (int t = 0; t < out.length; t++) System.arraycopy(data, offset(row, t), out[t], 0, dim);
        return out;
    }

    private int offset(int row, int position) {
        return (row * seq + position) * dim;
    }

    /** L2-normalizes in place, in double precision as TEI does; a zero vector stays zero. */
    public static float[] normalize(float[] v) {
        double sq = 0;
        for (float x : v) sq += (double) x * x;
        if (sq == 0) return v;
        float scale = (float) (1.0 / Math.sqrt(sq));
        for (int i = 0; i < v.length; i++) v[i] *= scale;
        return v;
    }
}
