package dev.hearth.cli;

import dev.hearth.worker.Worker;
import dev.hearth.worker.WorkerOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code hearth up}: Hearth with friendly defaults. Until the control plane lands this serves one model with a
 * worker: the one given, or a small random-weight demo model it writes on first start.
 */
@Command(name = "up", mixinStandardHelpOptions = true,
        description = "Start Hearth with friendly defaults (serves the demo model unless --model is given).")
public final class UpCommand implements Callable<Integer> {

    @Option(names = {"-p", "--port"}, defaultValue = "8080", description = "Port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--model", description = "GGUF file or folder to serve instead of the demo model.")
    Path model;

    @Option(names = "--home", defaultValue = "${env:HEARTH_HOME:-${sys:user.home}/.hearth}",
            description = "Where Hearth keeps its files (default: $HEARTH_HOME or ~/.hearth).")
    Path home;

    @Override
    public Integer call() {
        Path served = model != null ? model : DemoModel.ensure(home);
        WorkerOptions defaults = WorkerOptions.defaults(served);
        WorkerOptions options = new WorkerOptions(served, Optional.of(model != null ? Worker.defaultModelId(served) : "hearth-demo"),
                "0.0.0.0", port, defaults.maxInputTokens(), defaults.maxTotalTokens(), defaults.maxConcurrentRequests(),
                defaults.maxBatchSize(), defaults.maxStopSequences(), defaults.maxBestOf(), defaults.maxTopNTokens(),
                defaults.maxClientBatchSize(), defaults.payloadLimit(), defaults.threads(), defaults.prefillChunk(),
                Optional.empty(), Optional.empty());
        Worker worker = Worker.start(options);
        Runtime.getRuntime().addShutdownHook(new Thread(worker::close, "hearth-shutdown"));
        String url = "http://localhost:" + worker.port();
        System.out.println();
        System.out.println("  Hearth is up: " + url);
        System.out.println("  model: " + served + (model == null ? "  (demo: random weights, the text is gibberish)" : ""));
        System.out.println();
        System.out.println("  curl " + url + "/generate -H 'Content-Type: application/json' \\");
        System.out.println("       -d '{\"inputs\":\"Hello\",\"parameters\":{\"max_new_tokens\":16}}'");
        System.out.println();
        System.out.println("  Ctrl-C stops it.");
        return 0;
    }
}
