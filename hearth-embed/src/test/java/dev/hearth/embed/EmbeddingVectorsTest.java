package dev.hearth.embed;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static dev.hearth.embed.TestServers.cosine;
import static dev.hearth.embed.TestServers.norm;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The vectors themselves, on the real all-MiniLM-L6-v2: right numbers, right meaning, independent of batching. */
class EmbeddingVectorsTest {

    static EmbeddingWorker worker;
    static Http http;

    static final String CAT = "A cat sits on the mat";
    static final String KITTEN = "A kitten rests on a rug";
    static final String FINANCE = "Quarterly revenue rose 4% on strong margins";

    @BeforeAll
    static void start() {
        worker = TestServers.start();
        http = Http.of(worker);
    }

    @AfterAll
    static void stop() {
        worker.close();
    }

    static float[] embed(String text, boolean normalize) {
        Http.Response r = http.post("/embed", "{\"inputs\":" + Http.quote(text) + ",\"normalize\":" + normalize + "}");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        float[][] m = r.matrix();
        assertThat(m).hasDimensions(1, 384);
        return m[0];
    }

    @Test
    void vectorsEqualADirectOnnxRuntimeCallOnTheSameTokens() throws Exception {
        Path folder = TestServers.CACHE.resolve("sentence-transformers--all-MiniLM-L6-v2");
        List<String> texts = List.of(CAT, FINANCE, "Ünïcödé and emoji 🙂 are tokenized too");
        try (HuggingFaceTokenizer tokenizer = HuggingFaceTokenizer.newInstance(folder.resolve("tokenizer.json"),
                     Map.of("truncation", "false", "padding", "false"));
             OrtSession session = OrtEnvironment.getEnvironment().createSession(folder.resolve("onnx/model.onnx").toString())) {
            for (String text : texts) {
                Encoding e = tokenizer.encode(text);
                long[] shape = {1, e.getIds().length};
                var env = OrtEnvironment.getEnvironment();
                try (OnnxTensor ids = OnnxTensor.createTensor(env, LongBuffer.wrap(e.getIds()), shape);
                     OnnxTensor mask = OnnxTensor.createTensor(env, LongBuffer.wrap(e.getAttentionMask()), shape);
                     OnnxTensor types = OnnxTensor.createTensor(env, LongBuffer.wrap(e.getTypeIds()), shape);
                     OrtSession.Result out = session.run(Map.of("input_ids", ids, "attention_mask", mask, "token_type_ids", types))) {
                    float[][] hidden = ((float[][][]) out.get("last_hidden_state").orElseThrow().getValue())[0];
                    float[] expected = new float[hidden[0].length];
                    for (float[] token : hidden) for (int k = 0; k < expected.length; k++) expected[k] += token[k] / hidden.length;
                    double n = norm(expected);
                    for (int k = 0; k < expected.length; k++) expected[k] /= (float) n;

                    float[] served = embed(text, true);
                    for (int k = 0; k < expected.length; k++) assertThat(served[k]).isCloseTo(expected[k], within(1e-5f));
                }
            }
        }
    }

    @Test
    void similarSentencesAreCloserThanUnrelatedOnes() {
        float[] cat = embed(CAT, true), kitten = embed(KITTEN, true), finance = embed(FINANCE, true);
        double related = cosine(cat, kitten);
        assertThat(related).isGreaterThan(0.5);
        assertThat(related).isGreaterThan(cosine(cat, finance) + 0.3);
        assertThat(related).isGreaterThan(cosine(kitten, finance) + 0.3);
    }

    @Test
    void normalizeTrueGivesUnitVectorsAndFalseGivesTheRawMeanWithTheSameDirection() {
        float[] unit = embed(CAT, true);
        float[] raw = embed(CAT, false);
        assertThat(norm(unit)).isCloseTo(1.0, within(1e-5));
        assertThat(norm(raw)).isNotCloseTo(1.0, within(1e-2));
        assertThat(cosine(unit, raw)).isCloseTo(1.0, within(1e-6));
        Http.Response byDefault = http.post("/embed", "{\"inputs\":\"" + CAT + "\"}");
        assertThat(norm(byDefault.matrix()[0])).isCloseTo(1.0, within(1e-5));
    }

    @Test
    void concurrentSingleRequestsGetTheVectorsOfSingleCalls() throws Exception {
        List<String> texts = List.of(CAT, KITTEN, FINANCE, "short", "A somewhat longer sentence that pads the others in its batch",
                "Embeddings", "The weather is lovely today", "Tokyo is the capital of Japan");
        List<float[]> alone = texts.stream().map(t -> embed(t, true)).toList();
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            for (int round = 0; round < 3; round++) {
                List<Callable<float[]>> calls = new ArrayList<>();
                for (String t : texts) calls.add(() -> embed(t, true));
                List<Future<float[]>> results = pool.invokeAll(calls);
                for (int i = 0; i < texts.size(); i++) {
                    float[] got = results.get(i).get();
                    for (int k = 0; k < got.length; k++) assertThat(got[k]).isCloseTo(alone.get(i)[k], within(1e-5f));
                }
            }
        }
        // One request with all eight in a list: same vectors, same order.
        StringBuilder list = new StringBuilder("{\"inputs\":[");
        for (int i = 0; i < texts.size(); i++) list.append(i > 0 ? "," : "").append(Http.quote(texts.get(i)));
        float[][] batch = http.post("/embed", list.append("]}").toString()).matrix();
        for (int i = 0; i < texts.size(); i++) {
            for (int k = 0; k < 384; k++) assertThat(batch[i][k]).isCloseTo(alone.get(i)[k], within(1e-5f));
        }
    }

    @Test
    void tokenIdInputsEmbedLikeTheTextTheyCameFrom() {
        Http.Response tokens = http.post("/tokenize", "{\"inputs\":\"" + CAT + "\"}");
        StringBuilder ids = new StringBuilder("[");
        for (var t : tokens.json().get(0)) ids.append(ids.length() > 1 ? "," : "").append(t.get("id").asLong());
        float[] fromIds = http.post("/embed", "{\"inputs\":" + ids + "]}").matrix()[0];
        float[] fromText = embed(CAT, true);
        for (int k = 0; k < 384; k++) assertThat(fromIds[k]).isCloseTo(fromText[k], within(1e-6f));
    }

    @Test
    void dimensionsKeepsTheFirstComponentsAndRenormalizes() {
        Http.Response r = http.post("/embed", "{\"inputs\":\"" + CAT + "\",\"dimensions\":64}");
        assertThat(r.matrix()[0]).hasSize(64);
        assertThat(norm(r.matrix()[0])).isCloseTo(1.0, within(1e-5));
    }
}
