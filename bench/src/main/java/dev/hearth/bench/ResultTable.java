package dev.hearth.bench;

import dev.hearth.gguf.GgmlType;

import java.util.List;
import java.util.Locale;

/** Renders the cells as the markdown table of docs/benchmarks.md, plus the bandwidth figures behind it. */
final class ResultTable {

    private final List<Cell> cells;
    private final double bandwidth;          // bytes per second, the best measured
    private final long meanPositions;        // mean cached positions per sequence while decoding

    ResultTable(List<Cell> cells, double bandwidth, long meanPositions) {
        this.cells = cells;
        this.bandwidth = bandwidth;
        this.meanPositions = meanPositions;
    }

    String markdown() {
        StringBuilder b = new StringBuilder();
        b.append("| weights | streams | raw engine tok/s | scheduler tok/s | worker HTTP tok/s | worker ÷ raw "
                + "| speed-up vs 1 stream (raw / worker) | bandwidth used (raw / worker) | other processes' CPU (raw / worker) |\n");
        b.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Cell c : cells) {
            Cell single = singleStream(c.type());
            b.append(String.format(Locale.ROOT, "| %s | %d | %.1f | %.1f | %.1f | %.3f | %.2f× / %.2f× | %.0f%% / %.0f%% | %.0f%%%s / %.0f%%%s |%n",
                    c.type(), c.streams(),
                    c.raw().tokensPerSecond(), c.scheduler().tokensPerSecond(), c.http().tokensPerSecond(),
                    c.http().tokensPerSecond() / c.raw().tokensPerSecond(),
                    c.raw().tokensPerSecond() / single.raw().tokensPerSecond(),
                    c.http().tokensPerSecond() / single.http().tokensPerSecond(),
                    100 * bandwidthFraction(c.type(), c.streams(), c.raw()),
                    100 * bandwidthFraction(c.type(), c.streams(), c.http()),
                    100 * c.raw().background(), c.raw().quiet() ? "" : " ⚠", 100 * c.http().background(), c.http().quiet() ? "" : " ⚠"));
        }
        return b.toString();
    }

    /**
     * Where a decode step's time goes: its mean wall time per driver, and of that the time inside llama_decode
     * (the rest is the driver's own work between decodes: logits, sampling, events, HTTP).
     */
    String stepTimes() {
        StringBuilder b = new StringBuilder();
        b.append("| weights | streams | raw engine: step ms (in llama_decode) | scheduler: step ms (in llama_decode) "
                + "| worker HTTP: step ms (in llama_decode) |\n|---|---:|---:|---:|---:|\n");
        for (Cell c : cells) {
            b.append(String.format(Locale.ROOT, "| %s | %d | %.1f (%.1f) | %.1f (%.1f) | %.1f (%.1f) |%n", c.type(), c.streams(),
                    c.raw().stepMillis(c.streams()), c.raw().forwardMillis(),
                    c.scheduler().stepMillis(c.streams()), c.scheduler().forwardMillis(),
                    c.http().stepMillis(c.streams()), c.http().forwardMillis()));
        }
        return b.toString();
    }

    /** Whether some cell has no undisturbed measurement for the raw engine or the worker. */
    boolean anyDisturbed() {
        return cells.stream().anyMatch(c -> !c.raw().quiet() || !c.http().quiet());
    }

    /** Bytes read per token, and the single-stream ceiling (bandwidth ÷ bytes per token), per weight type. */
    String ceilings() {
        StringBuilder b = new StringBuilder();
        b.append("| weights | bytes read per token (1 stream) | single-stream ceiling tok/s |\n|---|---:|---:|\n");
        for (GgmlType t : cells.stream().map(Cell::type).distinct().toList()) {
            long bytes = bytesPerStep(t, 1);
            b.append(String.format(Locale.ROOT, "| %s | %.3f GB | %.1f |%n", t, bytes / 1e9, bandwidth / bytes));
        }
        return b.toString();
    }

    /** The targets of the issue, checked against this run. */
    String targets() {
        StringBuilder b = new StringBuilder();
        for (GgmlType t : cells.stream().map(Cell::type).distinct().toList()) {
            Cell single = singleStream(t);
            Cell widest = cells.stream().filter(c -> c.type() == t).reduce((x, y) -> y.streams() > x.streams() ? y : x).orElseThrow();
            double ratio = single.http().tokensPerSecond() / single.raw().tokensPerSecond();
            double speedup = widest.http().tokensPerSecond() / single.http().tokensPerSecond();
            b.append(String.format(Locale.ROOT,
                    "- %s: worker ÷ raw at %d stream = %.3f (target ≥ 0.97: %s); worker aggregate at %d streams = %.2f× single-stream (target ≥ 3: %s)%n",
                    t, single.streams(), ratio, ratio >= 0.97 ? "met" : "missed", widest.streams(), speedup,
                    speedup >= 3 ? "met" : "missed"));
        }
        return b.toString();
    }

    /**
     * Share of the measured bandwidth that the run's weight and KV-cache reads amount to: decode steps per second
     * (tokens/s ÷ streams) × bytes read per step ÷ bandwidth. For one stream this is tok/s ÷ ceiling.
     */
    private double bandwidthFraction(GgmlType t, int streams, DecodeRate r) {
        double stepsPerSecond = r.tokensPerSecond() / streams;
        return stepsPerSecond * bytesPerStep(t, streams) / bandwidth;
    }

    private long bytesPerStep(GgmlType t, int streams) {
        return BenchModels.weightBytesPerStep(t, streams) + streams * BenchModels.kvBytes(meanPositions);
    }

    private Cell singleStream(GgmlType t) {
        return cells.stream().filter(c -> c.type() == t).findFirst().orElseThrow();
    }
}
