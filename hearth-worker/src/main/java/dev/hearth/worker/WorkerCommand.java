package dev.hearth.worker;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code hearth worker}: serves one model over the TGI and OpenAI APIs, with TGI's launcher flags. */
@Command(name = "worker", mixinStandardHelpOptions = true,
        description = "Serve one GGUF model over the TGI and OpenAI-compatible HTTP APIs.")
public final class WorkerCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, description = "GGUF file, or a folder holding one.")
    Path model;

    @Option(names = "--model-id", description = "Name reported by /info and /v1/models (default: the file name).")
    String modelId;

    @Option(names = "--hostname", defaultValue = "0.0.0.0", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = {"-p", "--port"}, defaultValue = "${env:PORT:-3000}", description = "Port (default: $PORT or 3000).")
    int port;

    @Option(names = {"--max-input-tokens", "--max-input-length"},
            description = "Longest prompt in tokens (default: max-total-tokens - 1).")
    Integer maxInputTokens;

    @Option(names = "--max-total-tokens", description = "Prompt plus generated tokens (default: min(model context, 4096)).")
    Integer maxTotalTokens;

    @Option(names = "--max-concurrent-requests", defaultValue = "128", description = "Requests in flight before 429 (default: ${DEFAULT-VALUE}).")
    int maxConcurrentRequests;

    @Option(names = "--max-batch-size", defaultValue = "8", description = "Sequences decoded together (default: ${DEFAULT-VALUE}).")
    int maxBatchSize;

    @Option(names = "--max-stop-sequences", defaultValue = "4") int maxStopSequences;
    @Option(names = "--max-best-of", defaultValue = "2") int maxBestOf;
    @Option(names = "--max-top-n-tokens", defaultValue = "5") int maxTopNTokens;
    @Option(names = "--max-client-batch-size", defaultValue = "4") int maxClientBatchSize;
    @Option(names = "--payload-limit", defaultValue = "2000000", description = "Largest request body in bytes (default: ${DEFAULT-VALUE}).") int payloadLimit;

    @Option(names = "--threads", defaultValue = "0", description = "CPU threads (default: all cores).")
    int threads;

    @Option(names = "--prefill-chunk", defaultValue = "256",
            description = "Prompt tokens per decode step while others are generating (default: ${DEFAULT-VALUE}).")
    int prefillChunk;

    @Option(names = "--prompt-builder",
            description = "Render chat with an EasyLLM prompt builder (llama2, chatml, vicuna, ...) instead of the model's template.")
    String promptBuilder;

    @Option(names = "--api-key", defaultValue = "${env:API_KEY}", description = "Require 'Authorization: Bearer KEY' (default: $API_KEY).")
    String apiKey;

    @Override
    public Integer call() {
        WorkerOptions options = new WorkerOptions(model, Optional.ofNullable(modelId), host, port,
                Optional.ofNullable(maxInputTokens), Optional.ofNullable(maxTotalTokens), maxConcurrentRequests,
                maxBatchSize, maxStopSequences, maxBestOf, maxTopNTokens, maxClientBatchSize, payloadLimit, threads,
                prefillChunk, Optional.ofNullable(promptBuilder), Optional.ofNullable(apiKey).filter(k -> !k.isBlank()));
        Worker worker = Worker.start(options);
        Runtime.getRuntime().addShutdownHook(new Thread(worker::close, "hearth-shutdown"));
        return 0;
    }

    /**
     * Runs only this command: what the control plane's local provider spawns. Exits 1 with one line on a known
     * failure (bad model, missing libraries); on success the HTTP server's threads keep the process alive.
     */
    public static void main(String[] args) {
        int code = new CommandLine(new WorkerCommand()).setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("hearth: " + e.getMessage());
            return 1;
        }).execute(args);
        if (code != 0) System.exit(code);
    }


}
