package dev.hearth.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hearth.engine.constraint.Constraint;
import dev.hearth.engine.llama.LlamaLibrary;
import dev.hearth.engine.llama.NativeLibraries;
import dev.hearth.gguf.GgmlType;
import dev.hearth.grammar.JsonSchemaGrammar;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What a JSON Schema constraint costs in decode speed: greedy streams through the continuous-batching scheduler, with
 * and without the constraint, at 1 and 8 streams, in the same run, alternating so drifts in machine load hit both.
 * The schema cannot complete within the measured tokens ({@code minItems}), so constrained streams decode as long
 * as free ones. Prints a markdown table with medians and the ratio constrained / free.
 */
public final class StructuredBenchmark {

    static final String SCHEMA = """
            {"type":"object","properties":{"log":{"type":"array","minItems":50,"items":{"type":"object",
              "properties":{"id":{"type":"integer","minimum":0},"level":{"enum":["debug","info","warn","error"]},
                "msg":{"type":"string"},"ok":{"type":"boolean"}},
              "required":["id","level","msg","ok"],"additionalProperties":false}}},
             "required":["log"],"additionalProperties":false}""";

    public static void main(String[] args) throws Exception {
        GgmlType type = GgmlType.valueOf(System.getProperty("bench.quant", "Q4_0"));
        int tokens = Integer.getInteger("bench.tokens", 48);
        int repeats = Integer.getInteger("bench.repeats", 3);
        int threads = Integer.getInteger("bench.threads", 2);
        int[] streams = Arrays.stream(System.getProperty("bench.streams", "1,8").split(",")).mapToInt(Integer::parseInt).toArray();
        Path model = BenchModels.ensure(Path.of(System.getProperty("bench.models", "bench/out/models")), type);

        LlamaLibrary lib = LlamaLibrary.load(NativeLibraries.locate(), (level, line) -> {});
        int most = Arrays.stream(streams).max().orElse(1);
        try (SchedulerLoad load = new SchedulerLoad(lib, model, 512, most, 512, threads, 256)) {
            Constraint json = load.grammar(JsonSchemaGrammar.fromSchema(new ObjectMapper().readTree(schema())).text());
            int[][] prompts = new int[most][];
            for (int i = 0; i < most; i++) prompts[i] = load.tokenize(Prompts.forStream(i));
            load.run(Arrays.copyOf(prompts, 1), 8, json); // warm-up: code paths, caches
            System.out.printf("| streams | free tok/s | JSON-schema tok/s | constrained / free "
                    + "| step ms, free / constrained | in llama_decode ms, free / constrained |%n|---|---|---|---|---|---|%n");
            for (int n : streams) {
                List<DecodeRate> free = new ArrayList<>(), constrained = new ArrayList<>();
                for (int r = 0; r < repeats; r++) {
                    // The order alternates too, so that a drift in load within a pass does not favour one side.
                    if (r % 2 == 0) {
                        free.add(load.run(Arrays.copyOf(prompts, n), tokens));
                        constrained.add(load.run(Arrays.copyOf(prompts, n), tokens, json));
                    } else {
                        constrained.add(load.run(Arrays.copyOf(prompts, n), tokens, json));
                        free.add(load.run(Arrays.copyOf(prompts, n), tokens));
                    }
                    Progress.say("streams %d pass %d: free %.1f tok/s (step %.1f ms, decode %.1f ms), constrained %.1f tok/s "
                                    + "(step %.1f ms, decode %.1f ms)", n, r + 1,
                            free.getLast().tokensPerSecond(), free.getLast().stepMillis(n), free.getLast().forwardMillis(),
                            constrained.getLast().tokensPerSecond(), constrained.getLast().stepMillis(n),
                            constrained.getLast().forwardMillis());
                }
                List<Double> f = free.stream().map(DecodeRate::tokensPerSecond).toList();
                List<Double> c = constrained.stream().map(DecodeRate::tokensPerSecond).toList();
                double fm = median(f), cm = median(c);
                System.out.printf(Locale.ROOT, "| %d | %.1f (%s) | %.1f (%s) | %.3f | %.1f / %.1f | %.1f / %.1f |%n",
                        n, fm, range(f), cm, range(c), cm / fm, n * 1e3 / fm, n * 1e3 / cm,
                        median(free.stream().map(DecodeRate::forwardMillis).toList()),
                        median(constrained.stream().map(DecodeRate::forwardMillis).toList()));
            }
        }
    }

    /** The schema measured: {@link #SCHEMA}, or the JSON Schema in the file {@code -Dbench.schema} names. */
    static String schema() throws java.io.IOException {
        String file = System.getProperty("bench.schema", "");
        return file.isBlank() ? SCHEMA : java.nio.file.Files.readString(Path.of(file));
    }

    static double median(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        s.sort(Double::compare);
        int m = s.size() / 2;
        return s.size() % 2 == 1 ? s.get(m) : (s.get(m - 1) + s.get(m)) / 2;
    }

    static String range(List<Double> xs) {
        return String.format(Locale.ROOT, "%.1f–%.1f", xs.stream().mapToDouble(d -> d).min().orElse(0),
                xs.stream().mapToDouble(d -> d).max().orElse(0));
    }
}
