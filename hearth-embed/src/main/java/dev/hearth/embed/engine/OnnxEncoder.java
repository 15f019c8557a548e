package dev.hearth.embed.engine;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;

import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A transformer encoder in ONNX: token ids in, last hidden state out, one padded batch per call.
 *
 * <p>A batch is padded on the right to its longest row with attention mask 0, so each row attends only to its own
 * tokens; {@code token_type_ids} is fed only when the graph declares it (BERT does, most others do not). Calls must
 * not overlap: the {@link dev.hearth.embed.batch.DynamicBatcher} loop is the only caller in a server, and ONNX
 * Runtime's intra-op threads parallelise inside each call.
 */
public final class OnnxEncoder implements AutoCloseable {

    private final OrtEnvironment env;
    private final OrtSession session;
    private final boolean takesTypeIds;
    private final boolean takesPositionIds;
    private final String outputName;

    public OnnxEncoder(Path onnx, int threads) {
        this.env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            options.setIntraOpNumThreads(threads);
            options.setInterOpNumThreads(1);
            // Idle intra-op threads sleep instead of spinning: the HTTP threads, the tokenizer and the batching
            // loop share the same cores, and a spinning pool starves them between batches.
            options.addConfigEntry("session.intra_op.allow_spinning", "0");
            this.session = env.createSession(onnx.toString(), options);
            Set<String> inputs = session.getInputNames();
            if (!inputs.contains("input_ids") || !inputs.contains("attention_mask")) {
                throw new IllegalArgumentException(onnx + " takes " + inputs + "; expected input_ids and attention_mask");
            }
            this.takesTypeIds = inputs.contains("token_type_ids");
            this.takesPositionIds = inputs.contains("position_ids");
            this.outputName = hiddenStateOutput(session.getOutputInfo(), onnx);
        } catch (OrtException e) {
            throw new IllegalArgumentException("ONNX Runtime cannot load " + onnx + ": " + e.getMessage(), e);
        }
    }

    /** Prefers {@code last_hidden_state}/{@code token_embeddings}, else the first output of rank 3. */
    private static String hiddenStateOutput(Map<String, NodeInfo> outputs, Path onnx) {
        for (String name : List.of("last_hidden_state", "token_embeddings")) {
            if (outputs.containsKey(name)) return name;
        }
        for (var e : outputs.entrySet()) {
            if (e.getValue().getInfo() instanceof TensorInfo t && t.getShape().length == 3) return e.getKey();
        }
        throw new IllegalArgumentException(onnx + " has no [batch, sequence, hidden] output: " + outputs.keySet());
    }

    public boolean takesTypeIds() {
        return takesTypeIds;
    }

    /** Runs one batch; {@code rows} must be non-empty and every row at least one token long. */
    public HiddenStates run(List<Tokens> rows) {
        int batch = rows.size();
        int seq = 0;
        int[] lengths = new int[batch];
        for (int r = 0; r < batch; r++) {
            lengths[r] = rows.get(r).length();
            seq = Math.max(seq, lengths[r]);
        }
        long[] ids = new long[batch * seq], mask = new long[batch * seq], types = new long[batch * seq];
        long[] positions = new long[batch * seq];
        for (int r = 0; r < batch; r++) {
            Tokens t = rows.get(r);
            System.arraycopy(t.ids(), 0, ids, r * seq, lengths[r]);
            System.arraycopy(t.typeIds(), 0, types, r * seq, lengths[r]);
            for (int i = 0; i < lengths[r]; i++) {
                mask[r * seq + i] = 1;
                positions[r * seq + i] = i;
            }
        }
        long[] shape = {batch, seq};
        Map<String, OnnxTensor> inputs = new HashMap<>();
        try {
            inputs.put("input_ids", OnnxTensor.createTensor(env, LongBuffer.wrap(ids), shape));
            inputs.put("attention_mask", OnnxTensor.createTensor(env, LongBuffer.wrap(mask), shape));
            if (takesTypeIds) inputs.put("token_type_ids", OnnxTensor.createTensor(env, LongBuffer.wrap(types), shape));
            if (takesPositionIds) inputs.put("position_ids", OnnxTensor.createTensor(env, LongBuffer.wrap(positions), shape));
            try (OrtSession.Result result = session.run(inputs, Set.of(outputName))) {
                OnnxValue value = result.get(0);
                OnnxTensor out = (OnnxTensor) value;
                long[] outShape = out.getInfo().getShape();
                FloatBuffer buffer = out.getFloatBuffer();
                float[] data = new float[buffer.remaining()];
                buffer.get(data);
                return new HiddenStates(data, batch, (int) outShape[1], (int) outShape[2], lengths);
            }
        } catch (OrtException e) {
            throw new EngineException("ONNX Runtime failed on a batch of " + batch + "x" + seq + ": " + e.getMessage(), e);
        } finally {
            inputs.values().forEach(OnnxTensor::close);
        }
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new EngineException("closing the ONNX session failed", e);
        }
    }
}
