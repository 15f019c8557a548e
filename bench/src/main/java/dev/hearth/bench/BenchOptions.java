package dev.hearth.bench;

import dev.hearth.gguf.GgmlType;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * What one benchmark run covers, from system properties (the run script maps its environment variables onto them).
 *
 * @param quants   weight types to measure, in order
 * @param streams  concurrent stream counts; the first is the single-stream reference for speed-ups
 * @param tokens   tokens generated per stream; decode rates use the tokens after the first (prefill excluded)
 * @param repeats  passes over every cell; each cell reports its best pass (the machine is noisy)
 * @param threads  engine threads
 * @param models   where model files are cached between runs
 * @param out      where the result table is written besides stdout
 * @param rawOnly  measure the raw engine alone (a diagnostic: the other columns repeat it)
 * @param quietThreshold before each measurement, wait until other processes use less than this share of the CPUs
 * @param quietWaitSeconds ... but at most this long each time
 * @param quietBudgetSeconds ... and at most this long over the whole run
 * @param budgetMinutes time for the measurements (see {@link TimePlan}); further passes and retries are dropped to keep it
 */
record BenchOptions(List<GgmlType> quants, int[] streams, int tokens, int repeats, int threads, Path models, Path out,
                    boolean rawOnly, double quietThreshold, double quietWaitSeconds,
                    double quietBudgetSeconds, double budgetMinutes) {

    static BenchOptions fromSystemProperties() {
        List<GgmlType> quants = Arrays.stream(prop("bench.quants", "F16,Q8_0,Q4_0").split(","))
                .map(String::strip).filter(s -> !s.isEmpty()).map(s -> GgmlType.valueOf(s.toUpperCase())).toList();
        int[] streams = Arrays.stream(prop("bench.streams", "1,2,4,8").split(","))
                .map(String::strip).filter(s -> !s.isEmpty()).mapToInt(Integer::parseInt).toArray();
        int tokens = Integer.parseInt(prop("bench.tokens", "64"));
        if (tokens < 8) throw new IllegalArgumentException("bench.tokens must be at least 8");
        if (streams.length == 0 || quants.isEmpty()) throw new IllegalArgumentException("nothing to measure");
        return new BenchOptions(quants, streams, tokens,
                Integer.parseInt(prop("bench.repeats", "3")),
                Integer.parseInt(prop("bench.threads", "2")),
                Path.of(prop("bench.models", "bench/out/models")),
                Path.of(prop("bench.out", "bench/out")),
                Boolean.parseBoolean(prop("bench.rawOnly", "false")),
                Double.parseDouble(prop("bench.quietThreshold", "0.10")),
                Double.parseDouble(prop("bench.quietWait", "5")),
                Double.parseDouble(prop("bench.quietBudget", "120")),
                Double.parseDouble(prop("bench.budgetMinutes", "18")));
    }

    int maxStreams() {
        return Arrays.stream(streams).max().orElseThrow();
    }

    private static String prop(String key, String fallback) {
        String v = System.getProperty(key);
        return v == null || v.isBlank() ? fallback : v;
    }
}
