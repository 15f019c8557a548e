package dev.hearth.bench.embed;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hearth.embed.EmbeddingModels;
import dev.hearth.embed.EmbeddingOptions;
import dev.hearth.embed.EmbeddingWorker;
import dev.hearth.embed.model.DemoModel;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sentences/s of all-MiniLM-L6-v2 through the worker's HTTP API ({@code POST /embed}) and through raw ONNX Runtime
 * in the same JVM and run: batch 1, batch 64, and CLIENTS concurrent clients each sending one sentence per request
 * (served by cross-request batching) against one client sending the same requests in sequence. The two sides of
 * each comparison alternate (unit by unit, or in 0.5 s slices for the concurrency case) for MEASURE_SECONDS, REPEATS
 * times; the table shows medians. Markdown on stdout, progress on stderr.
 */
public final class EmbeddingBench {

    private static final ObjectMapper JSON = new ObjectMapper();

    public static void main(String[] args) throws Exception {
        double seconds = Double.parseDouble(env("MEASURE_SECONDS", "4"));
        int repeats = Integer.parseInt(env("REPEATS", "3"));
        int threads = Integer.parseInt(env("THREADS", String.valueOf(Runtime.getRuntime().availableProcessors())));
        int clients = Integer.parseInt(env("CLIENTS", "8"));
        Path cache = Path.of(env("CACHE", "bench/out/models")).toAbsolutePath();
        Path folder = EmbeddingModels.resolve(DemoModel.HUB_ID, cache);
        List<String> sentences = Sentences.make(256);

        EmbeddingOptions options = new EmbeddingOptions(DemoModel.HUB_ID, java.util.Optional.empty(), "127.0.0.1", 0, 512,
                16384, java.util.Optional.empty(), 64, true, 2_000_000, threads, java.util.Optional.empty(),
                java.util.Optional.empty(), cache);
        try (EmbeddingWorker worker = EmbeddingWorker.start(options); RawOnnx raw = new RawOnnx(folder, threads)) {
            Client http = new Client("http://127.0.0.1:" + worker.port());
            List<String> batch64 = sentences.subList(0, 64);
            // Same answers first: the comparison is only fair if both sides compute the same vectors.
            float[][] a = raw.embed(batch64), b = http.embed(batch64);
            for (int i = 0; i < 64; i++) for (int k = 0; k < a[i].length; k++) {
                if (Math.abs(a[i][k] - b[i][k]) > 1e-4) throw new AssertionError("raw and HTTP vectors differ at " + i + "," + k);
            }
            AtomicInteger cursor = new AtomicInteger();
            Callable<Integer> raw1 = () -> { raw.embed(List.of(next(sentences, cursor))); return 1; };
            Callable<Integer> http1 = () -> { http.embed(List.of(next(sentences, cursor))); return 1; };
            Callable<Integer> raw64 = () -> { raw.embed(batch64); return 64; };
            Callable<Integer> http64 = () -> { http.embed(batch64); return 64; };
            double[] batching = new double[2]; // te_batch_next_size sum and count added during concurrent slices
            Callable<Integer> concurrent = () -> {
                double[] before = http.batchSizes();
                int n = concurrent(http, sentences, cursor, clients, SLICE);
                double[] after = http.batchSizes();
                batching[0] += after[0] - before[0];
                batching[1] += after[1] - before[1];
                return n;
            };
            Callable<Integer> sequential = () -> sequentialSlice(http1, SLICE);
            // Warm both paths (JIT, ONNX Runtime's first-run allocations) before measuring.
            pair(raw1, http1, 1.0);
            pair(raw64, http64, 2.0);
            pair(sequential, concurrent, 1.0);
            batching[0] = batching[1] = 0;
            Pair b1 = new Pair("batch 1", "raw ONNX Runtime", "HTTP /embed, one sentence per request");
            Pair b64 = new Pair("batch 64", "raw ONNX Runtime", "HTTP /embed, one request of 64");
            Pair conc = new Pair("single-sentence requests", "HTTP, 1 client in sequence", "HTTP, " + clients + " concurrent clients");
            for (int pass = 0; pass < repeats; pass++) {
                b1.add(pair(raw1, http1, seconds));
                b64.add(pair(raw64, http64, seconds));
                conc.add(pair(sequential, concurrent, seconds));
                for (Pair p : List.of(b1, b64, conc)) System.err.println("pass " + (pass + 1) + ": " + p.last());
            }
            System.out.println("| case | A | B | A sentences/s | B sentences/s | B ÷ A (median of passes) | B ÷ A range |");
            System.out.println("|---|---|---|---|---|---|---|");
            for (Pair p : List.of(b1, b64, conc)) System.out.println(p.row());
            System.out.println();
            System.out.printf("- HTTP ÷ raw at batch 64: **%.2f×** (target ≥ 0.9×); at batch 1: **%.2f×**%n", b64.medianRatio(), b1.medianRatio());
            System.out.printf("- %d concurrent single-sentence clients ÷ one client in sequence: **%.2f×**%n", clients, conc.medianRatio());
            System.out.printf("- mean rows per encoder call while the %d clients ran (te_batch_next_size): %.1f; "
                    + "ONNX Runtime threads: %d%n", clients, batching[1] == 0 ? 0 : batching[0] / batching[1], threads);
        }
    }

    /** Length of one alternation slice in the concurrency comparison. */
    private static final double SLICE = 0.5;

    /**
     * Runs A and B alternately for {@code seconds} in total and returns {A, B} sentences/s, each over its own time.
     * Alternating unit by unit makes both sides see the same machine: on a shared, noisy host that is what keeps the
     * ratio meaningful when the absolute numbers are not.
     */
    private static double[] pair(Callable<Integer> a, Callable<Integer> b, double seconds) throws Exception {
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        long[] nanos = new long[2], done = new long[2];
        while (System.nanoTime() < deadline) {
            for (int side = 0; side < 2; side++) {
                long t = System.nanoTime();
                done[side] += (side == 0 ? a : b).call();
                nanos[side] += System.nanoTime() - t;
            }
        }
        return new double[]{done[0] / (nanos[0] / 1e9), done[1] / (nanos[1] / 1e9)};
    }

    /** One comparison over several passes. */
    private record Pair(String name, String a, String b, List<double[]> passes) {
        Pair(String name, String a, String b) {
            this(name, a, b, new ArrayList<>());
        }

        void add(double[] rates) {
            passes.add(rates);
        }

        double[] sorted(java.util.function.ToDoubleFunction<double[]> f) {
            return passes.stream().mapToDouble(f).sorted().toArray();
        }

        double medianRatio() {
            double[] r = sorted(p -> p[1] / p[0]);
            return r[r.length / 2];
        }

        String last() {
            double[] p = passes.getLast();
            return String.format("%-26s A %8.1f  B %8.1f sentences/s  B/A %.2f", name, p[0], p[1], p[1] / p[0]);
        }

        String row() {
            double[] a = sorted(p -> p[0]), b = sorted(p -> p[1]), r = sorted(p -> p[1] / p[0]);
            return String.format("| %s | %s | %s | %.1f | %.1f | **%.2f×** | %.2f–%.2f |", name, this.a, this.b,
                    a[a.length / 2], b[b.length / 2], medianRatio(), r[0], r[r.length - 1]);
        }
    }

    private static String next(List<String> sentences, AtomicInteger cursor) {
        return sentences.get(Math.floorMod(cursor.getAndIncrement(), sentences.size()));
    }

    private static int sequentialSlice(Callable<Integer> unit, double seconds) throws Exception {
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        int done = 0;
        while (System.nanoTime() < deadline) done += unit.call();
        return done;
    }

    /** {@code clients} threads each sending one sentence per request for {@code seconds}; returns sentences done. */
    private static int concurrent(Client http, List<String> s, AtomicInteger cursor, int clients, double seconds) throws Exception {
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        try (ExecutorService pool = Executors.newFixedThreadPool(clients)) {
            List<Future<Integer>> futures = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                futures.add(pool.submit(() -> {
                    int n = 0;
                    while (System.nanoTime() < deadline) { http.embed(List.of(next(s, cursor))); n++; }
                    return n;
                }));
            }
            int total = 0;
            for (Future<Integer> f : futures) total += f.get();
            return total;
        }
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    /** A minimal JSON-over-HTTP client for /embed and /metrics. */
    private record Client(String base, HttpClient client) {
        Client(String base) {
            this(base, HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build());
        }

        float[][] embed(List<String> texts) throws Exception {
            byte[] body = JSON.writeValueAsBytes(java.util.Map.of("inputs", texts));
            HttpResponse<byte[]> r = client.send(HttpRequest.newBuilder(URI.create(base + "/embed"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (r.statusCode() != 200) throw new IllegalStateException("HTTP " + r.statusCode() + ": " + new String(r.body()));
            return JSON.readValue(r.body(), float[][].class);
        }

        /** {@code te_batch_next_size} sum and count so far. */
        double[] batchSizes() throws Exception {
            String m = client.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            double sum = 0, count = 0;
            for (String line : m.split("\n")) {
                if (line.startsWith("te_batch_next_size_sum")) sum = Double.parseDouble(line.split(" ")[1]);
                if (line.startsWith("te_batch_next_size_count")) count = Double.parseDouble(line.split(" ")[1]);
            }
            return new double[]{sum, count};
        }
    }

}
