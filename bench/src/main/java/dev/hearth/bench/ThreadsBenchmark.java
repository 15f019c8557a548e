package dev.hearth.bench;

import dev.hearth.engine.llama.LlamaLibrary;
import dev.hearth.engine.llama.LlamaRuntime;
import dev.hearth.engine.llama.NativeLibraries;
import dev.hearth.gguf.GgmlType;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * How many engine threads a replica should get: single-stream decode and prefill through the raw engine with
 * all cores ({@code --threads} = cores, the old default) and with one core left free (cores − 1), in the same run,
 * on a quiet machine and under the two kinds of competition a Hearth host sees: one other busy process (a build,
 * the control plane, a client) and a second replica decoding at the same time.
 *
 * <p>llama.cpp's threads wait for each other at barriers by spinning, several times per layer; when one of them
 * is descheduled the others burn their time slice waiting, so a step takes scheduler quanta instead of
 * milliseconds. Each decode measurement therefore stops at a deadline as well as at a token count, and reports
 * the rate it reached.
 *
 * <p>Thread counts alternate measurement by measurement and each cell keeps the median of its rounds, so noise
 * hits both alike; the ratio column is what the choice of default rests on.
 */
public final class ThreadsBenchmark {

    private ThreadsBenchmark() {}

    /** One competing load: how it starts, and what it reports as a name. */
    enum Load { QUIET, BUSY_PROCESS, TWO_REPLICAS }

    record Rate(double decodePerSecond, double prefillPerSecond) {}

    public static void main(String[] args) throws Exception {
        int cores = Runtime.getRuntime().availableProcessors();
        int tokens = Integer.getInteger("bench.tokens", 48);
        int rounds = Integer.getInteger("bench.rounds", 3);
        double deadlineSeconds = Double.parseDouble(System.getProperty("bench.deadline", "12"));
        GgmlType type = GgmlType.valueOf(System.getProperty("bench.quant", "Q4_0"));
        Path models = Path.of(System.getProperty("bench.models", "bench/out/models"));
        int all = cores, spare = Math.max(1, cores - 1);
        if (all == spare) {
            System.out.println("This machine has one core: both policies give one thread; nothing to compare.");
            return;
        }
        Path model = BenchModels.ensure(models, type);
        LlamaLibrary lib = LlamaLibrary.load(NativeLibraries.locate(), (level, line) -> {
            if (level == 4 && !line.isBlank()) System.err.println("llama.cpp: " + line.strip());
        });
        String text = String.join(" ", Prompts.TEXTS);   // ~130 tokens: the prefill measurement

        // Two contexts per thread count, so the two-replica case runs two engines at once as two replicas would.
        try (Engines a = new Engines(lib, model, all); Engines b = new Engines(lib, model, spare);
             ExecutorService pool = Executors.newFixedThreadPool(2)) {
            int[] prompt = a.first.tokenize(text, true, true);
            Progress.say("model %s, prompt %d tokens, %d tokens per decode, %d rounds, deadline %.0f s; threads %d vs %d",
                    model.getFileName(), prompt.length, tokens, rounds, deadlineSeconds, all, spare);
            // Warm both (page cache, first-use costs) before anything is timed.
            measure(a.first, prompt, 8, deadlineSeconds);
            measure(b.first, prompt, 8, deadlineSeconds);

            List<String> lines = new ArrayList<>();
            for (Load load : Load.values()) {
                List<Rate> ofAll = new ArrayList<>(), ofSpare = new ArrayList<>();
                for (int r = 0; r < rounds; r++) {
                    for (Engines e : r % 2 == 0 ? List.of(a, b) : List.of(b, a)) {
                        Rate rate = underLoad(load, e, prompt, tokens, deadlineSeconds, pool);
                        (e == a ? ofAll : ofSpare).add(rate);
                        Progress.say("%-13s threads=%d round %d: decode %.1f tok/s, prefill %.1f tok/s",
                                load, e.threads, r + 1, rate.decodePerSecond(), rate.prefillPerSecond());
                    }
                }
                Rate mAll = median(ofAll), mSpare = median(ofSpare);
                lines.add(String.format(Locale.ROOT, "| %s | %.1f | %.1f | **%.2f** | %.0f | %.0f | %.2f |",
                        describe(load), mAll.decodePerSecond(), mSpare.decodePerSecond(),
                        mSpare.decodePerSecond() / mAll.decodePerSecond(),
                        mAll.prefillPerSecond(), mSpare.prefillPerSecond(),
                        mSpare.prefillPerSecond() / mAll.prefillPerSecond()));
            }
            System.out.printf(Locale.ROOT, "Engine threads: %d (all cores) vs %d (one core left free); %s, %d-token prompt, "
                    + "%d decoded tokens per measurement (or %.0f s), median of %d rounds%n%n", all, spare,
                    model.getFileName(), prompt.length, tokens, deadlineSeconds, rounds);
            System.out.printf(Locale.ROOT, "| load | decode tok/s, %d threads | decode tok/s, %d threads | decode ratio %d÷%d "
                    + "| prefill tok/s, %d threads | prefill tok/s, %d threads | prefill ratio |%n", all, spare, spare, all, all, spare);
            System.out.println("|---|---:|---:|---:|---:|---:|---:|");
            lines.forEach(System.out::println);
        }
    }

    private static String describe(Load load) {
        return switch (load) {
            case QUIET -> "quiet machine";
            case BUSY_PROCESS -> "one other busy process";
            case TWO_REPLICAS -> "two replicas decoding at once (per replica)";
        };
    }

    /** One measurement of {@code e} while {@code load} competes; for two replicas, the mean of the two. */
    private static Rate underLoad(Load load, Engines e, int[] prompt, int tokens, double deadline, ExecutorService pool)
            throws Exception {
        return switch (load) {
            case QUIET -> measure(e.first, prompt, tokens, deadline);
            case BUSY_PROCESS -> {
                // A shell loop: a process at normal priority that wants one core all the time.
                Process hog = new ProcessBuilder("/bin/sh", "-c", "while :; do :; done").start();
                try {
                    Thread.sleep(200);
                    yield measure(e.first, prompt, tokens, deadline);
                } finally {
                    hog.destroyForcibly().waitFor();
                }
            }
            case TWO_REPLICAS -> {
                Callable<Rate> one = () -> measure(e.first, prompt, tokens, deadline);
                Callable<Rate> two = () -> measure(e.second, prompt, tokens, deadline);
                Future<Rate> f1 = pool.submit(one), f2 = pool.submit(two);
                Rate r1 = f1.get(), r2 = f2.get();
                yield new Rate((r1.decodePerSecond() + r2.decodePerSecond()) / 2, (r1.prefillPerSecond() + r2.prefillPerSecond()) / 2);
            }
        };
    }

    /** Prefills {@code prompt} in one batch, then decodes greedily until {@code tokens} or the deadline. */
    static Rate measure(LlamaRuntime rt, int[] prompt, int tokens, double deadlineSeconds) {
        rt.clearSequence(0);
        int n = prompt.length;
        int[] pos = new int[n], seq = new int[n];
        boolean[] want = new boolean[n];
        for (int i = 0; i < n; i++) pos[i] = i;
        want[n - 1] = true;
        float[] logits = new float[rt.vocabSize()];
        long t0 = System.nanoTime();
        rt.decode(n, prompt, pos, seq, want);
        double prefill = n / ((System.nanoTime() - t0) / 1e9);
        rt.logits(n - 1, logits);
        int next = argmax(logits);
        long started = System.nanoTime(), deadline = started + (long) (deadlineSeconds * 1e9);
        int done = 0;
        int[] one = {0}, p = {0}, s = {0};
        boolean[] w = {true};
        while (done < tokens && System.nanoTime() < deadline) {
            one[0] = next;
            p[0] = n + done;
            rt.decode(1, one, p, s, w);
            rt.logits(0, logits);
            next = argmax(logits);
            done++;
        }
        double decode = done / ((System.nanoTime() - started) / 1e9);
        rt.clearSequence(0);
        return new Rate(decode, prefill);
    }

    private static int argmax(float[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) if (v[i] > v[best]) best = i;
        return best;
    }

    private static Rate median(List<Rate> rates) {
        double[] d = rates.stream().mapToDouble(Rate::decodePerSecond).sorted().toArray();
        double[] p = rates.stream().mapToDouble(Rate::prefillPerSecond).sorted().toArray();
        return new Rate(d[d.length / 2], p[p.length / 2]);
    }

    /** Two single-slot contexts on the same model file with {@code threads} engine threads each. */
    private static final class Engines implements AutoCloseable {
        final int threads;
        final LlamaRuntime first, second;

        Engines(LlamaLibrary lib, Path model, int threads) {
            this.threads = threads;
            this.first = LlamaRuntime.open(lib, model, trained -> 1024, 1, 512, threads);
            this.second = LlamaRuntime.open(lib, model, trained -> 1024, 1, 512, threads);
        }

        @Override
        public void close() {
            first.close();
            second.close();
        }
    }
}
