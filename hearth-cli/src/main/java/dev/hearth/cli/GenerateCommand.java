package dev.hearth.cli;

import dev.hearth.client.inference.InferenceClient;
import dev.hearth.client.inference.StreamToken;
import dev.hearth.client.inference.TextGenerationParameters;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/** {@code hearth generate}: TGI text generation, the tokens streamed to the terminal as they come. */
@Command(name = "generate", mixinStandardHelpOptions = true, exitCodeOnInvalidInput = ExitCodes.USAGE,
        description = {"Generate text with an endpoint, streaming the tokens as they come.",
                "The prompt is --prompt, else all of stdin."})
public final class GenerateCommand implements Callable<Integer> {

    @Spec CommandSpec spec;
    @Mixin ClientOptions client;

    @Option(names = {"-e", "--endpoint"}, required = true, paramLabel = "NAME|URL",
            description = "An endpoint's name, or any TGI URL.")
    String endpoint;

    @Option(names = {"-p", "--prompt"}, description = "The prompt (default: read stdin).")
    String prompt;

    @Option(names = "--max-new-tokens", description = "At most this many tokens (default: the server's).")
    Integer maxNewTokens;

    @Option(names = "--temperature") Double temperature;
    @Option(names = "--top-p") Double topP;
    @Option(names = "--top-k") Integer topK;
    @Option(names = "--repetition-penalty") Double repetitionPenalty;
    @Option(names = "--seed") Long seed;

    @Option(names = "--stop", paramLabel = "TEXT", description = "A stop sequence (repeatable).")
    List<String> stop;

    @Option(names = "--no-stream", description = "Print the answer when it is complete.")
    boolean noStream;

    @Option(names = "--details", description = "With --json: include TGI's details (tokens, finish reason, seed).")
    boolean details;

    @Override
    public Integer call() {
        return ExitCodes.run(spec, () -> {
            String text = prompt != null ? prompt : new String(System.in.readAllBytes(), StandardCharsets.UTF_8);
            if (text.isEmpty()) throw new ExitCodes.UserException("no prompt: give --prompt or pipe one into stdin");
            TextGenerationParameters parameters = TextGenerationParameters.builder().maxNewTokens(maxNewTokens)
                    .temperature(temperature).topP(topP).topK(topK).repetitionPenalty(repetitionPenalty).seed(seed)
                    .stop(stop).details(details || client.json ? true : null).build();
            try (var c = client.connect(); InferenceClient ic = c.client(endpoint)) {
                Output out = new Output(spec);
                if (client.json) out.json(ic.textGeneration(text, parameters));
                else if (noStream) out.line(ic.textGeneration(text, parameters).generatedText());
                else stream(ic.textGenerationStream(text, parameters), out.writer());
            }
            return ExitCodes.OK;
        });
    }

    /** Prints each non-special token at once, then a newline. */
    static void stream(Stream<StreamToken> tokens, PrintWriter out) throws IOException {
        try (tokens) {
            tokens.forEach(t -> {
                if (!t.token().special()) {
                    out.print(t.token().text());
                    out.flush();
                }
            });
        }
        out.println();
        out.flush();
    }
}
