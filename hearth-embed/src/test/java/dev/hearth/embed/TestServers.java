package dev.hearth.embed;

import dev.hearth.embed.model.DemoModel;

import java.nio.file.Path;

/** Workers on the real MiniLM model, on random ports; the demo model is written once under target/. */
final class TestServers {

    static final Path CACHE = Path.of("target", "test-models").toAbsolutePath();

    private TestServers() {}

    static EmbeddingOptions options() {
        return EmbeddingOptions.defaults(DemoModel.HUB_ID).withHost("127.0.0.1").withPort(0).withCacheDir(CACHE);
    }

    static EmbeddingWorker start() {
        return EmbeddingWorker.start(options());
    }

    static double cosine(float[] a, float[] b) {
        double dot = 0, na = 0, nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
            na += (double) a[i] * a[i];
            nb += (double) b[i] * b[i];
        }
        return dot / Math.sqrt(na * nb);
    }

    static double norm(float[] v) {
        double s = 0;
        for (float x : v) s += (double) x * x;
        return Math.sqrt(s);
    }
}
