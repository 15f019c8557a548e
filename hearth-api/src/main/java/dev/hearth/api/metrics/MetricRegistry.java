package dev.hearth.api.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.DoubleSupplier;

/**
 * Counters, gauges and histograms rendered in the Prometheus text format under exactly the names given.
 *
 * <p>Hearth keeps this small registry instead of Micrometer's because clients and dashboards built for TGI
 * expect TGI's exact series names ({@code tgi_request_count}, not {@code tgi_request_count_total}), and a
 * registry that appends unit or type suffixes would break them.
 */
public final class MetricRegistry {

    private final Map<String, Family> families = new ConcurrentHashMap<>();
    private final List<String> order = new java.util.concurrent.CopyOnWriteArrayList<>();

    private sealed interface Family permits Counter, Gauge, Histogram {}

    /** A counter with optional labels given as alternating name, value pairs. */
    public final class Counter implements Family {
        private final String name;
        private final Map<String, LongAdder> series = new ConcurrentHashMap<>();

        private Counter(String name) { this.name = name; }

        public void inc(String... labels) { add(1, labels); }

        public void add(long n, String... labels) {
            series.computeIfAbsent(labelText(labels), k -> new LongAdder()).add(n);
        }

        public long value(String... labels) {
            LongAdder a = series.get(labelText(labels));
            return a == null ? 0 : a.sum();
        }

        private void render(StringBuilder out) {
            out.append("# TYPE ").append(name).append(" counter\n");
            new TreeMap<>(series).forEach((l, v) -> out.append(name).append(l).append(' ').append(v.sum()).append('\n'));
        }
    }

    public final class Gauge implements Family {
        private final String name;
        private final DoubleSupplier value;

        private Gauge(String name, DoubleSupplier value) { this.name = name; this.value = value; }

        private void render(StringBuilder out) {
            out.append("# TYPE ").append(name).append(" gauge\n");
            out.append(name).append(' ').append(format(value.getAsDouble())).append('\n');
        }
    }

    public final class Histogram implements Family {
        private final String name;
        private final double[] bounds;
        private final Map<String, Series> series = new ConcurrentHashMap<>();

        private final class Series {
            final LongAdder[] buckets = new LongAdder[bounds.length];
            final LongAdder count = new LongAdder();
            final DoubleAdder sum = new DoubleAdder();

            Series() { for (int i = 0; i < buckets.length; i++) buckets[i] = new LongAdder(); }
        }

        private Histogram(String name, double[] bounds) { this.name = name; this.bounds = bounds; }

        public void observe(double v, String... labels) {
            Series s = series.computeIfAbsent(labelText(labels), k -> new Series());
            for (int i = 0; i < bounds.length; i++) if (v <= bounds[i]) s.buckets[i].increment();
            s.count.increment();
            s.sum.add(v);
        }

        public long count(String... labels) {
            Series s = series.get(labelText(labels));
            return s == null ? 0 : s.count.sum();
        }

        private void render(StringBuilder out) {
            out.append("# TYPE ").append(name).append(" histogram\n");
            new TreeMap<>(series).forEach((l, s) -> {
                String inner = l.isEmpty() ? "" : l.substring(1, l.length() - 1) + ",";
                for (int i = 0; i < bounds.length; i++) {
                    out.append(name).append("_bucket{").append(inner).append("le=\"").append(format(bounds[i]))
                            .append("\"} ").append(s.buckets[i].sum()).append('\n');
                }
                out.append(name).append("_bucket{").append(inner).append("le=\"+Inf\"} ").append(s.count.sum()).append('\n');
                out.append(name).append("_sum").append(l).append(' ').append(format(s.sum.sum())).append('\n');
                out.append(name).append("_count").append(l).append(' ').append(s.count.sum()).append('\n');
            });
        }
    }

    public Counter counter(String name) {
        return (Counter) register(name, new Counter(name));
    }

    public void gauge(String name, DoubleSupplier value) {
        register(name, new Gauge(name, value));
    }

    public Histogram histogram(String name, double[] bounds) {
        return (Histogram) register(name, new Histogram(name, bounds.clone()));
    }

    /** Geometric buckets: {@code count} bounds starting at {@code start}, each {@code factor} times the last. */
    public static double[] exponentialBuckets(double start, double factor, int count) {
        double[] b = new double[count];
        for (int i = 0; i < count; i++) b[i] = start * Math.pow(factor, i);
        return b;
    }

    public static double[] linearBuckets(double start, double width, int count) {
        double[] b = new double[count];
        for (int i = 0; i < count; i++) b[i] = start + width * i;
        return b;
    }

    private Family register(String name, Family family) {
        Family existing = families.putIfAbsent(name, family);
        if (existing != null) throw new IllegalArgumentException("metric " + name + " registered twice");
        order.add(name);
        return family;
    }

    /**
     * Drops every counter and histogram series labelled {@code label="value"} (a deleted endpoint's, say), so
     * that series do not pile up without bound. Gauges are unlabelled here and stay.
     */
    public void forget(String label, String value) {
        String pair = label + "=\"" + escapeLabelValue(value) + "\"";
        java.util.function.Predicate<String> labelled = l -> l.startsWith("{" + pair + ",") || l.startsWith("{" + pair + "}")
                || l.contains("," + pair + ",") || l.endsWith("," + pair + "}");
        for (Family f : families.values()) {
            switch (f) {
                case Counter c -> c.series.keySet().removeIf(labelled);
                case Histogram h -> h.series.keySet().removeIf(labelled);
                case Gauge g -> { }
            }
        }
    }

    /** The whole registry in Prometheus text exposition format 0.0.4. */
    public String scrape() {
        StringBuilder out = new StringBuilder(4096);
        for (String name : new ArrayList<>(order)) {
            switch (families.get(name)) {
                case Counter c -> c.render(out);
                case Gauge g -> g.render(out);
                case Histogram h -> h.render(out);
            }
        }
        return out.toString();
    }

    private static String labelText(String... labels) {
        if (labels.length == 0) return "";
        StringBuilder b = new StringBuilder("{");
        for (int i = 0; i + 1 < labels.length; i += 2) {
            if (i > 0) b.append(',');
            b.append(labels[i]).append("=\"").append(escapeLabelValue(labels[i + 1])).append('"');
        }
        return b.append('}').toString();
    }

    /**
     * The text format's escaping of a label value: backslash, double quote and line feed. A raw line feed would end
     * the sample line mid-value, and the scraper would reject the whole scrape, not just this series.
     */
    private static String escapeLabelValue(String value) {
        StringBuilder b = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> b.append("\\\\");
                case '"' -> b.append("\\\"");
                case '\n' -> b.append("\\n");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    private static String format(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) return String.valueOf((long) v);
        return String.format(Locale.ROOT, "%s", v);
    }
}
