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
            Constraint json = load.grammar(JsonSchemaGrammar.fromSchema(new ObjectMapper().readTree(SCHEMA)).text());
            int[][] prompts = new int[most][];
            for (int i = 0; i < most; i++) prompts[i] = load.tokenize(Prompts.forStream(i));
            load.run(Arrays.copyOf(prompts, 1), 8, json); // warm-up: code paths, caches
            System.out.printf("| streams | free tok/s | JSON-schema tok/s | constrained / free |%n|---|---|---|---|%n");
            for (int n : streams) {
                List<Double> free = new ArrayList<>(), constrained = new ArrayList<>();
                for (int r = 0; r < repeats; r++) {
                    free.add(load.run(Arrays.copyOf(prompts, n), tokens).tokensPerSecond());
                    constrained.add(load.run(Arrays.copyOf(prompts, n), tokens, json).tokensPerSecond());
                    Progress.say("streams %d pass %d: free %.1f tok/s, constrained %.1f tok/s", n, r + 1,
                            free.getLast(), constrained.getLast());
                }
                double f = median(free), c = median(constrained);
                System.out.printf(Locale.ROOT, "| %d | %.1f (%s) | %.1f (%s) | %.3f |%n", n, f, range(free), c, range(constrained), c / f);
            }
        }
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
