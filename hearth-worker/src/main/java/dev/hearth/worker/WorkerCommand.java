package dev.hearth.worker;

import dev.hearth.convert.Quantization;
import dev.hearth.embed.EmbeddingModels;
import dev.hearth.embed.EmbeddingOptions;
import dev.hearth.embed.EmbeddingWorker;
import dev.hearth.embed.model.Pooling;
import dev.hearth.hub.HubClient;
import dev.hearth.hub.HubSettings;
import dev.hearth.models.LocatedModel;
import dev.hearth.models.ModelLocator;
import dev.hearth.worker.model.ModelSource;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code hearth worker}: serves one model over the TGI and OpenAI APIs, with TGI's launcher flags. */
@Command(name = "worker", mixinStandardHelpOptions = true,
        description = {"Serve one model: a GGUF model over the TGI and OpenAI-compatible APIs, or a sentence-embedding",
                "model (ONNX; e.g. sentence-transformers/all-MiniLM-L6-v2, available offline) over the TEI and OpenAI embeddings APIs."})
public final class WorkerCommand implements Callable<Integer> {

    @Option(names = "--model", required = true,
            description = {"GGUF file or a folder holding one; a Hugging Face folder of safetensors (converted); a Hub id",
                    "(downloaded into the HF cache); or an embedding model (e.g. sentence-transformers/all-MiniLM-L6-v2)."})
    Path model;

    @Option(names = "--model-id", description = "Name reported by /info and /v1/models (default: the file name).")
    String modelId;

    @Option(names = "--hostname", defaultValue = "0.0.0.0", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = {"-p", "--port"}, defaultValue = "${env:PORT:-3000}", description = "Port (default: $PORT or 3000).")
    int port;

    @Option(names = {"--max-input-tokens", "--max-input-length"}, defaultValue = "${env:MAX_INPUT_TOKENS}",
            description = "Longest prompt in tokens (default: $MAX_INPUT_TOKENS, else max-total-tokens - 1).")
    Integer maxInputTokens;

    @Option(names = "--max-total-tokens", defaultValue = "${env:MAX_TOTAL_TOKENS}",
            description = "Prompt plus generated tokens (default: $MAX_TOTAL_TOKENS, else min(model context, 4096)).")
    Integer maxTotalTokens;

    @Option(names = "--max-concurrent-requests",
            description = "Requests in flight before 429 (default: 128 for text generation, 512 for embeddings, as TGI and TEI).")
    Integer maxConcurrentRequests;

    @Option(names = "--max-batch-size", defaultValue = "8", description = "Sequences decoded together (default: ${DEFAULT-VALUE}).")
    int maxBatchSize;

    @Option(names = "--max-stop-sequences", defaultValue = "4") int maxStopSequences;
    @Option(names = "--max-best-of", defaultValue = "2") int maxBestOf;
    @Option(names = "--max-top-n-tokens", defaultValue = "5") int maxTopNTokens;
    @Option(names = "--max-client-batch-size",
            description = "Inputs per request (default: 4 prompts for /v1/completions, 32 texts for embeddings).")
    Integer maxClientBatchSize;

    @Option(names = "--max-batch-tokens", defaultValue = "16384",
            description = "Embeddings: padded tokens per encoder call (default: ${DEFAULT-VALUE}).")
    int maxBatchTokens;

    @Option(names = "--max-batch-requests", description = "Embeddings: inputs per encoder call (default: no limit but tokens).")
    Integer maxBatchRequests;

    @Option(names = "--auto-truncate", defaultValue = "true", negatable = true,
            description = "Embeddings: truncate inputs longer than the model's limit (default: ${DEFAULT-VALUE}).")
    boolean autoTruncate;

    @Option(names = "--pooling", description = "Embeddings: override the model's pooling (mean, cls, last-token).")
    String pooling;

    @Option(names = "--revision", description = "Hub models: branch, tag or commit (default: main).")
    String revision;

    @Option(names = "--gguf-file", defaultValue = "${env:HEARTH_GGUF_FILE}",
            description = "Hub models with several GGUF files: which one (default: by quantization, q4_k_m first; $HEARTH_GGUF_FILE).")
    String ggufFile;

    @Option(names = "--quantize", defaultValue = "q8_0",
            description = "Safetensors models: the type they are converted to (f32, f16, q8_0, q4_0; default: ${DEFAULT-VALUE}).")
    String quantize;
    @Option(names = "--payload-limit", defaultValue = "2000000", description = "Largest request body in bytes (default: ${DEFAULT-VALUE}).") int payloadLimit;

    @Option(names = "--threads", defaultValue = "0", description = "CPU threads for the engine (default: all cores but one, at least one).")
    int threads;

    @Option(names = "--prefill-chunk", defaultValue = "256",
            description = "Prompt tokens per decode step while others are generating (default: ${DEFAULT-VALUE}).")
    int prefillChunk;

    @Option(names = "--prefix-cache", defaultValue = "true", negatable = true,
            description = "Keep prompts in idle cache slots and prefill a prompt that starts the same way only from where it differs; --no-prefix-cache prefills every prompt whole (default: on).")
    boolean prefixCache;

    @Option(names = "--prompt-builder",
            description = "Render chat with an EasyLLM prompt builder (llama2, chatml, vicuna, ...) instead of the model's template.")
    String promptBuilder;

    @Option(names = "--api-key", defaultValue = "${env:API_KEY}", description = "Require 'Authorization: Bearer KEY' (default: $API_KEY).")
    String apiKey;

    @Override
    public Integer call() {
        // The environment is read once, here: the Hub settings (cache, offline, endpoint, token) of this whole
        // process, the same ones the control plane resolved models with.
        HubSettings hub = HubSettings.fromEnvironment(System.getenv(), Path.of(System.getProperty("user.home")));
        // The model decides the runtime: an ONNX sentence-embedding model gets the TEI-compatible server.
        Optional<LocatedModel> embedding = new ModelLocator(hub).embedding(model.toString(), revision);
        if (embedding.isPresent()) {
            // The embedding runtime is handed the folder found here (a Hub id becomes its cached snapshot), or the
            // built-in id, whose bundled files it writes itself.
            String load = embedding.get() instanceof LocatedModel.OnnxEmbedding onnx ? onnx.folder().toString() : model.toString();
            EmbeddingOptions embed = new EmbeddingOptions(load, Optional.ofNullable(modelId).or(() -> Optional.of(model.toString())), host, port,
                    maxConcurrentRequests != null ? maxConcurrentRequests : 512, maxBatchTokens,
                    Optional.ofNullable(maxBatchRequests), maxClientBatchSize != null ? maxClientBatchSize : 32, autoTruncate,
                    payloadLimit, threads, Optional.ofNullable(pooling).map(Pooling::parse),
                    Optional.ofNullable(apiKey).filter(k -> !k.isBlank()), EmbeddingModels.defaultCacheDir());
            EmbeddingWorker worker = EmbeddingWorker.start(embed);
            Runtime.getRuntime().addShutdownHook(new Thread(worker::close, "hearth-shutdown"));
            return 0;
        }
        // A Hub id is downloaded into the Hugging Face cache, a safetensors folder converted, before serving.
        Path servable = new ModelSource(() -> new HubClient(hub)).resolve(new ModelSource.Request(model.toString(), revision,
                ggufFile == null || ggufFile.isBlank() ? null : ggufFile, Quantization.parse(quantize), ModelSource.defaultConvertCache()));
        WorkerOptions options = new WorkerOptions(servable, Optional.ofNullable(modelId).or(() -> Optional.of(
                java.nio.file.Files.exists(model) ? Worker.defaultModelId(model) : model.toString())), host, port,
                Optional.ofNullable(maxInputTokens), Optional.ofNullable(maxTotalTokens),
                maxConcurrentRequests != null ? maxConcurrentRequests : 128,
                maxBatchSize, maxStopSequences, maxBestOf, maxTopNTokens, maxClientBatchSize != null ? maxClientBatchSize : 4,
                payloadLimit, threads,
                prefillChunk, Optional.ofNullable(promptBuilder), Optional.ofNullable(apiKey).filter(k -> !k.isBlank()),
                prefixCache);
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
