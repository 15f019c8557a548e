package dev.hearth.bench;

import dev.hearth.engine.llama.LlamaLibrary;
import dev.hearth.engine.llama.NativeLibraries;
import dev.hearth.gguf.GgmlType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The generation benchmark: decode tokens/s at 1, 2, 4, 8 concurrent streams on random-weight models with
 * TinyLlama-1.1B's shape, through the raw engine, the scheduler and the worker's HTTP API in the same run, with
 * the machine's memory read bandwidth measured before and after, so each figure is also a share of the limit.
 *
 * <p>For each weight type the three drivers are loaded side by side and take turns cell by cell (raw, scheduler,
 * HTTP at 1 stream, then at 2, …), and the sweep runs up to {@code repeats} times; each cell keeps its best pass.
 * Noise on this machine then hits the three drivers alike, which is what the worker ÷ raw ratio needs. Before each
 * measurement a {@link QuietGate} waits briefly for other processes to leave the CPUs, a disturbed measurement is
 * tried again, and a {@link TimePlan} keeps the whole within its budget.
 */
public final class GenerationBenchmark {

    static final int BATCH_SIZE = 512;         // the worker's llama.cpp batch (Worker.load)
    static final int PREFILL_CHUNK = 256;      // the worker's default prefill budget per step
    static final int ATTEMPTS = 2;             // tries per measurement when other processes disturb it

    private GenerationBenchmark() {}

    public static void main(String[] args) throws Exception {
        BenchOptions o = BenchOptions.fromSystemProperties();
        Progress.say("weights %s, streams %s, %d tokens per stream, %d passes, %d threads",
                o.quants(), Arrays.toString(o.streams()), o.tokens(), o.repeats(), o.threads());

        List<Path> models = new ArrayList<>();
        for (GgmlType t : o.quants()) models.add(BenchModels.ensure(o.models(), t));
        Path largest = models.stream().max(Comparator.comparingLong(BenchModels::size)).orElseThrow();

        Progress.say("measuring memory read bandwidth (before) ...");
        List<MemoryBandwidth.Result> bandwidth = new ArrayList<>(MemoryBandwidth.measure(largest));
        Progress.say("best so far: %.1f GB/s", MemoryBandwidth.best(bandwidth).gbPerSecond());

        List<String> texts = new ArrayList<>();
        for (int i = 0; i < o.maxStreams(); i++) texts.add(Prompts.forStream(i));
        LlamaLibrary lib = LlamaLibrary.load(NativeLibraries.locate(), (level, line) -> {
            if (level == 4 && !line.isBlank()) System.err.println("llama.cpp: " + line.strip());
        });

        List<Cell> cells = new ArrayList<>();
        int[] promptLengths = null;
        int eos = 0, shortStreams = 0;
        List<String> passesDone = new ArrayList<>();
        List<Double> backgroundShares = new ArrayList<>();
        QuietGate gate = new QuietGate(o.quietThreshold(), o.quietWaitSeconds(), o.quietBudgetSeconds());
        TimePlan plan = new TimePlan(o.budgetMinutes(), o.quants().stream().map(t -> BenchModels.weightBytesPerStep(t, 1)).toList());
        CpuMeter.Sample runStart = CpuMeter.sample();
        for (int q = 0; q < o.quants().size(); q++) {
            GgmlType type = o.quants().get(q);
            try (Drivers d = Drivers.open(lib, models.get(q), texts, o)) {
                plan.startQuant(q);
                promptLengths = Arrays.stream(d.prompts).mapToInt(p -> p.length).toArray();
                d.warmUp();
                List<Cell> rows = new ArrayList<>();
                for (int n : o.streams()) rows.add(new Cell(type, n, null, null, null));
                long longestPass = 0;
                int pass = 0;
                while (pass < o.repeats() && (pass == 0 || plan.anotherPass(longestPass))) {
                    pass++;
                    long passStart = System.nanoTime();
                    for (int i = 0; i < rows.size(); i++) {
                        int n = rows.get(i).streams();
                        DecodeRate raw = measured(gate, plan, () -> d.raw.run(Arrays.copyOf(d.prompts, n), o.tokens()));
                        DecodeRate sched = o.rawOnly() ? raw : measured(gate, plan, () -> d.scheduler.run(Arrays.copyOf(d.prompts, n), o.tokens()));
                        DecodeRate http = o.rawOnly() ? raw : measured(gate, plan, () -> d.http.run(texts.subList(0, n), o.tokens()));
                        if (http.minTokensPerStream() < o.tokens() || sched.minTokensPerStream() < o.tokens()) shortStreams++;
                        Stream.of(raw, sched, http).forEach(r -> backgroundShares.add(r.background()));
                        rows.set(i, rows.get(i).withPass(raw, sched, http));
                        Progress.say("%s pass %d, %d streams: raw %.1f, scheduler %.1f, HTTP %.1f tok/s; step ms (in llama_decode) "
                                        + "%.1f (%.1f), %.1f (%.1f), %.1f (%.1f); other processes %.0f%%, %.0f%%, %.0f%% of the CPUs",
                                type, pass, n, raw.tokensPerSecond(), sched.tokensPerSecond(), http.tokensPerSecond(),
                                raw.stepMillis(n), raw.forwardMillis(), sched.stepMillis(n), sched.forwardMillis(),
                                http.stepMillis(n), http.forwardMillis(),
                                100 * raw.background(), 100 * sched.background(), 100 * http.background());
                    }
                    longestPass = Math.max(longestPass, System.nanoTime() - passStart);
                }
                passesDone.add(type + ": " + pass);
                eos += d.raw.eosSeen();
                cells.addAll(rows);
            }
        }

        double background = runStart.backgroundShare(CpuMeter.sample());
        Progress.say("waited %.0f s in all for quieter moments", gate.waitedSeconds());
        Progress.say("measuring memory read bandwidth (after) ...");
        bandwidth.addAll(MemoryBandwidth.measure(largest));
        MemoryBandwidth.Result best = MemoryBandwidth.best(bandwidth);

        long meanPositions = Arrays.stream(promptLengths).sum() / promptLengths.length + o.tokens() / 2;
        ResultTable table = new ResultTable(cells, best.bytesPerSecond(), meanPositions);
        String report = report(o, table, bandwidth, best, eos, shortStreams, background, backgroundShares, passesDone);
        System.out.print(report);
        Files.createDirectories(o.out());
        Path file = o.out().resolve("generation-results.md");
        Files.writeString(file, report);
        Progress.say("written to %s", file);
    }

    private static String report(BenchOptions o, ResultTable table, List<MemoryBandwidth.Result> bandwidth,
                                 MemoryBandwidth.Result best, int eos, int shortStreams, double background,
                                 List<Double> passShares, List<String> passesDone) throws IOException {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "Decode tokens/s (aggregate over streams; %d tokens per stream, prefill excluded; "
                + "best of up to %d passes (%s); %d engine threads)%n%n", o.tokens(), o.repeats(), String.join(", ", passesDone), o.threads()));
        b.append(table.markdown());
        if (table.anyDisturbed()) {
            b.append(String.format(Locale.ROOT, "%n⚠: no undisturbed pass — other processes used ≥ %.0f%% of the CPUs during every try of that measurement.%n",
                    200 * o.quietThreshold()));
        }
        b.append('\n');
        b.append(String.format(Locale.ROOT, "Memory read bandwidth: **%.1f GB/s** (best of all methods, before and after: %s on %d thread%s)%n%n",
                best.gbPerSecond(), best.method(), best.threads(), best.threads() == 1 ? "" : "s"));
        b.append(table.ceilings()).append('\n');
        b.append("Time per decode step, and the part of it inside llama_decode (from the same best passes):\n\n");
        b.append(table.stepTimes()).append('\n');
        b.append("Targets:\n").append(table.targets()).append('\n');
        b.append("<details><summary>Bandwidth by method (GB/s, before / after)</summary>\n\n");
        b.append("| method | threads | before | after |\n|---|---:|---:|---:|\n");
        int half = bandwidth.size() / 2;
        for (int i = 0; i < half; i++) {
            MemoryBandwidth.Result r = bandwidth.get(i), s = bandwidth.get(i + half);
            b.append(String.format(Locale.ROOT, "| %s | %d | %.1f | %.1f |%n", r.method(), r.threads(), r.gbPerSecond(), s.gbPerSecond()));
        }
        b.append("\n</details>\n\n");
        b.append(String.format(Locale.ROOT, "End-of-generation tokens chosen by the raw loop (ignored there): %d; "
                + "scheduler/HTTP passes in which a stream stopped short of %d tokens: %d%n", eos, o.tokens(), shortStreams));
        double lo = passShares.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
        double hi = passShares.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
        b.append(String.format(Locale.ROOT, "Other processes on the machine used %.0f%% of its CPUs during the measurements "
                + "(%.0f%%–%.0f%% per cell pass)%n", 100 * background, 100 * lo, 100 * hi));
        return b.toString();
    }

    private interface Run {
        DecodeRate run() throws InterruptedException;
    }

    /**
     * Waits for a quiet moment and runs, noting how busy other processes kept the machine meanwhile; a run that
     * other processes disturbed is tried again (at most {@code ATTEMPTS} times, while the gate has waiting time
     * left). Returns the fastest undisturbed run, or the fastest run when none was undisturbed.
     */
    private static DecodeRate measured(QuietGate gate, TimePlan plan, Run run) throws InterruptedException {
        DecodeRate best = null;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            gate.await();
            CpuMeter.Sample before = CpuMeter.sample();
            DecodeRate r = run.run();
            double share = before.backgroundShare(CpuMeter.sample());
            r = r.withBackground(share, gate.quiet(share));
            best = DecodeRate.best(best, r);
            if (r.quiet() || !gate.hasBudget() || !plan.canRetry()) break;
        }
        return best;
    }

    /** The three ways of driving one model, loaded side by side with the same context shape. */
    private static final class Drivers implements AutoCloseable {
        final RawEngineLoop raw;
        final SchedulerLoad scheduler;
        final HttpLoad http;
        final int[][] prompts;
        final List<String> texts;
        final int tokens;

        private Drivers(RawEngineLoop raw, SchedulerLoad scheduler, HttpLoad http, List<String> texts, int tokens) {
            this.raw = raw;
            this.scheduler = scheduler;
            this.http = http;
            this.texts = texts;
            this.tokens = tokens;
            this.prompts = texts.stream().map(raw::tokenize).toArray(int[][]::new);
        }

        static Drivers open(LlamaLibrary lib, Path model, List<String> texts, BenchOptions o) {
            Progress.say("loading %s three times (raw engine, scheduler, worker) ...", model.getFileName());
            int streams = o.maxStreams();
            // Each sequence's context: the longest prompt, the tokens, and some room (tokenization adds BOS).
            int longest = texts.stream().mapToInt(String::length).max().orElseThrow(); // characters ≥ tokens
            int context = ((longest + o.tokens() + 16 + 255) / 256) * 256;   // llama.cpp pads slots to 256
            RawEngineLoop raw = new RawEngineLoop(lib, model, context, streams, BATCH_SIZE, o.threads());
            if (o.rawOnly()) return new Drivers(raw, null, null, texts, o.tokens());
            SchedulerLoad sched = null;
            try {
                sched = new SchedulerLoad(lib, model, context, streams, BATCH_SIZE, o.threads(), PREFILL_CHUNK);
                HttpLoad http = new HttpLoad(model, context, streams, o.threads(), PREFILL_CHUNK);
                return new Drivers(raw, sched, http, texts, o.tokens());
            } catch (RuntimeException e) {
                if (sched != null) sched.close();
                raw.close();
                throw e;
            }
        }

        /** A short run of each at the widest batch: JIT-compiles the Java side and faults the weights in. */
        void warmUp() throws InterruptedException {
            Progress.say("warming up ...");
            raw.run(prompts, 8);
            raw.run(Arrays.copyOf(prompts, 1), 8);
            if (scheduler == null) return;
            scheduler.run(prompts, 8);
            http.run(texts, 8);
            scheduler.run(Arrays.copyOf(prompts, 1), 8);
            http.run(texts.subList(0, 1), 8);
        }

        @Override
        public void close() {
            if (http != null) http.close();
            if (scheduler != null) scheduler.close();
            raw.close();
        }
    }
}
