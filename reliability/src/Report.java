import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.LongAdder;

/**
 * What a suite found: checks (each passes or fails, with a reason), and figures (counts, histograms, latencies,
 * times), printed as they come so that a long run shows progress. The last line is exactly {@code N passed, M failed}.
 */
final class Report {

    private int passed;
    private int failed;
    private final List<String> failures = new ArrayList<>();

    synchronized boolean check(boolean ok, String what) {
        if (ok) passed++;
        else {
            failed++;
            failures.add(what);
        }
        System.out.println((ok ? "  ok    " : "  FAIL  ") + what);
        return ok;
    }

    void section(String title) {
        System.out.println();
        System.out.println("== " + title);
    }

    void figure(String name, Object value) {
        System.out.println("  " + name + ": " + value);
    }

    void note(String text) {
        System.out.println("  - " + text);
    }

    int failed() {
        return failed;
    }

    void finish() {
        System.out.println();
        if (!failures.isEmpty()) {
            System.out.println("Failed:");
            failures.forEach(f -> System.out.println("  " + f));
        }
        System.out.println(passed + " passed, " + failed + " failed");
    }

    /** Counts by key (statuses, outcomes), safe to add to from many threads. */
    static final class Histogram {
        private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

        void add(String key) {
            counts.computeIfAbsent(key, k -> new LongAdder()).increment();
        }

        long get(String key) {
            LongAdder a = counts.get(key);
            return a == null ? 0 : a.sum();
        }

        long total() {
            return counts.values().stream().mapToLong(LongAdder::sum).sum();
        }

        /** Keys other than the allowed ones, with their counts. */
        Map<String, Long> except(String... allowed) {
            Map<String, Long> out = new TreeMap<>();
            counts.forEach((k, v) -> {
                if (!List.of(allowed).contains(k)) out.put(k, v.sum());
            });
            return out;
        }

        @Override
        public String toString() {
            Map<String, Long> sorted = new TreeMap<>();
            counts.forEach((k, v) -> sorted.put(k, v.sum()));
            return sorted.toString();
        }
    }

    /** Durations in milliseconds, summarised as count, p50, p95 and max. */
    static final class Latencies {
        private final ConcurrentLinkedQueue<Double> millis = new ConcurrentLinkedQueue<>();

        void add(double ms) {
            millis.add(ms);
        }

        int count() {
            return millis.size();
        }

        double percentile(double p) {
            List<Double> sorted = new ArrayList<>(millis);
            if (sorted.isEmpty()) return Double.NaN;
            sorted.sort(null);
            int idx = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
            return sorted.get(Math.max(0, Math.min(sorted.size() - 1, idx)));
        }

        @Override
        public String toString() {
            if (millis.isEmpty()) return "n=0";
            return String.format("n=%d p50=%.0f ms p95=%.0f ms max=%.0f ms", count(), percentile(50), percentile(95),
                    percentile(100));
        }
    }
}
