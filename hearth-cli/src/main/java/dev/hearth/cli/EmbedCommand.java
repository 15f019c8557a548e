package dev.hearth.cli;

import dev.hearth.client.inference.FeatureExtractionOptions;
import dev.hearth.client.inference.InferenceClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code hearth embed}: feature extraction with an embedding endpoint. */
@Command(name = "embed", mixinStandardHelpOptions = true, exitCodeOnInvalidInput = ExitCodes.USAGE,
        description = "Embed texts with an embedding endpoint: a summary per text, or the vectors with --json.")
public final class EmbedCommand implements Callable<Integer> {

    @Spec CommandSpec spec;
    @Mixin ClientOptions client;

    @Option(names = {"-e", "--endpoint"}, required = true, paramLabel = "NAME|URL",
            description = "An endpoint's name, or any TEI URL.")
    String endpoint;

    @Option(names = "--normalize", negatable = true, description = "Unit-length vectors (default: the server's).")
    Boolean normalize;

    @Parameters(paramLabel = "TEXT", arity = "1..*", description = "The texts to embed.")
    List<String> texts;

    @Override
    public Integer call() {
        return ExitCodes.run(spec, () -> {
            try (var c = client.connect(); InferenceClient ic = c.client(endpoint)) {
                List<float[]> vectors = ic.featureExtraction(texts,
                        new FeatureExtractionOptions(normalize, null, null, null, null));
                Output out = new Output(spec);
                if (client.json) {
                    out.json(vectors);
                } else {
                    List<List<String>> rows = new ArrayList<>();
                    for (int i = 0; i < vectors.size(); i++) {
                        rows.add(List.of(i < texts.size() ? shorten(texts.get(i)) : "?",
                                Integer.toString(vectors.get(i).length), preview(vectors.get(i))));
                    }
                    out.table(List.of("TEXT", "DIMS", "VECTOR"), rows);
                }
            }
            return ExitCodes.OK;
        });
    }

    private static String shorten(String s) {
        return s.length() <= 40 ? s : s.substring(0, 39) + "…";
    }

    private static String preview(float[] v) {
        StringBuilder s = new StringBuilder("[");
        for (int i = 0; i < Math.min(4, v.length); i++) {
            if (i > 0) s.append(", ");
            s.append(String.format(Locale.ROOT, "%.4f", v[i]));
        }
        return s.append(v.length > 4 ? ", …]" : "]").toString();
    }
}
