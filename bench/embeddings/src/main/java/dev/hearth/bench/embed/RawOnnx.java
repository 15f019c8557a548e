package dev.hearth.bench.embed;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The baseline: the least work that embeds a batch — tokenize, pad to the longest, one ONNX Runtime call, masked
 * mean pooling, L2 normalization — with no server, queue or JSON. Same tokenizer settings, same session options
 * and same padding as the worker's engine, so the ratio measures only what the worker adds.
 */
final class RawOnnx implements AutoCloseable {

    private final HuggingFaceTokenizer tokenizer;
    private final OrtEnvironment env = OrtEnvironment.getEnvironment();
    private final OrtSession session;

    RawOnnx(Path folder, int threads) throws IOException, OrtException {
        tokenizer = HuggingFaceTokenizer.newInstance(folder.resolve("tokenizer.json"),
                Map.of("truncation", "false", "padding", "false", "modelMaxLength", String.valueOf(Integer.MAX_VALUE)));
        try (OrtSession.SessionOptions o = new OrtSession.SessionOptions()) {
            o.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            o.setIntraOpNumThreads(threads);
            o.setInterOpNumThreads(1);
            o.addConfigEntry("session.intra_op.allow_spinning", "0"); // as the worker's engine
            session = env.createSession(folder.resolve("onnx/model.onnx").toString(), o);
        }
    }

    float[][] embed(List<String> texts) throws OrtException {
        int n = texts.size(), seq = 0;
        Encoding[] enc = new Encoding[n];
        for (int i = 0; i < n; i++) {
            enc[i] = tokenizer.encode(texts.get(i));
            seq = Math.max(seq, enc[i].getIds().length);
        }
        long[] ids = new long[n * seq], mask = new long[n * seq], types = new long[n * seq];
        for (int i = 0; i < n; i++) {
            long[] t = enc[i].getIds();
            System.arraycopy(t, 0, ids, i * seq, t.length);
            System.arraycopy(enc[i].getTypeIds(), 0, types, i * seq, t.length);
            for (int j = 0; j < t.length; j++) mask[i * seq + j] = 1;
        }
        long[] shape = {n, seq};
        try (OnnxTensor a = OnnxTensor.createTensor(env, LongBuffer.wrap(ids), shape);
             OnnxTensor b = OnnxTensor.createTensor(env, LongBuffer.wrap(mask), shape);
             OnnxTensor c = OnnxTensor.createTensor(env, LongBuffer.wrap(types), shape);
             OrtSession.Result r = session.run(Map.of("input_ids", a, "attention_mask", b, "token_type_ids", c))) {
            OnnxTensor out = (OnnxTensor) r.get("last_hidden_state").orElseThrow();
            int dim = (int) out.getInfo().getShape()[2];
            FloatBuffer h = out.getFloatBuffer();
            float[][] vectors = new float[n][dim];
            for (int i = 0; i < n; i++) {
                int len = enc[i].getIds().length;
                double[] sum = new double[dim];
                for (int t = 0; t < len; t++) for (int k = 0; k < dim; k++) sum[k] += h.get((i * seq + t) * dim + k);
                double sq = 0;
                for (int k = 0; k < dim; k++) sq += (sum[k] / len) * (sum[k] / len);
                for (int k = 0; k < dim; k++) vectors[i][k] = (float) (sum[k] / len / Math.sqrt(sq));
            }
            return vectors;
        }
    }

    @Override
    public void close() throws OrtException {
        session.close();
        tokenizer.close();
    }
}
