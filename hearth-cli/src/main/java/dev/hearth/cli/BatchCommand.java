package dev.hearth.cli;

import dev.hearth.client.Batch;
import dev.hearth.client.BatchError;
import dev.hearth.client.BatchFiles;
import dev.hearth.client.BatchStatus;
import dev.hearth.client.FileObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code hearth batch ...}: OpenAI's Batch API from the terminal. The server runs the lines, so a batch goes on (and
 * its endpoints are put back as they were) when this command is interrupted; {@code status} and {@code results}
 * pick it up again by id.
 */
@Command(name = "batch", mixinStandardHelpOptions = true, exitCodeOnInvalidInput = ExitCodes.USAGE,
        description = "Submit a JSONL file of requests for the server to run, follow it, and read its results.",
        subcommands = {BatchCommand.Submit.class, BatchCommand.Status.class, BatchCommand.ListBatches.class,
                BatchCommand.Cancel.class, BatchCommand.Results.class})
public final class BatchCommand implements Runnable {

    @Spec CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }

    @Command(name = "submit", mixinStandardHelpOptions = true, exitCodeOnInvalidInput = ExitCodes.USAGE,
            description = {"Upload FILE (one {\"custom_id\", \"method\": \"POST\", \"url\", \"body\"} per line) and start "
                    + "a batch over it; prints the batch id.",
                    "With --wait, follow it to the end (a progress bar on a terminal, a line per change otherwise): "
                    + "exits 0 when completed, 1 when the file was refused (its errors name the lines), 2 when it "
                    + "expired or was cancelled, 3 when --timeout passes first."})
    static final class Submit implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin ClientOptions client;

        @Parameters(paramLabel = "FILE", description = "The JSONL file of requests.")
        Path file;

        @Option(names = "--endpoint", defaultValue = "/v1/chat/completions", paramLabel = "ROUTE",
                description = "The route every line goes to: /v1/chat/completions, /v1/completions or /v1/embeddings "
                        + "(default: ${DEFAULT-VALUE}).")
        String endpoint;

        @Option(names = "--window", defaultValue = "24h", paramLabel = "WINDOW",
                description = "The completion window; past it the batch expires (default: ${DEFAULT-VALUE}).")
        String window;

        @Option(names = "--metadata", paramLabel = "KEY=VALUE", description = "Kept with the batch (repeatable).")
        Map<String, String> metadata = new LinkedHashMap<>();

        @Option(names = "--wait", description = "Follow the batch until it ends.")
        boolean await;

        @Option(names = "--timeout", converter = Durations.class, paramLabel = "DURATION",
                description = "With --wait: how long to wait at most (default: for ever).")
        Duration timeout;

        @Option(names = "--every", converter = Durations.class, defaultValue = "1s", paramLabel = "DURATION",
                description = "With --wait: how often to poll (default: ${DEFAULT-VALUE}).")
        Duration every;

        @Override
        public Integer call() {
            return ExitCodes.run(spec, () -> {
                byte[] content = read(file);
                try (var c = connect(client)) {
                    FileObject in = c.root().files().upload(file.getFileName().toString(), content, BatchFiles.BATCH);
                    Batch b = c.root().batches().create(in.id(), endpoint, window, metadata);
                    if (!await) {
                        report(spec, b, client.json);
                        return ExitCodes.OK;
                    }
                    spec.commandLine().getErr().println(b.id() + ": submitted " + file.getFileName() + " (" + in.id() + ")");
                    boolean terminal = System.console() != null && System.console().isTerminal();
                    BatchProgress progress = BatchProgress.forStderr(spec.commandLine().getErr(), terminal);
                    try {
                        b = c.root().batches().waitFor(b.id(), timeout, every, progress);
                    } finally {
                        progress.finish();
                    }
                    report(spec, b, client.json);
                    return switch (b.status()) {
                        case COMPLETED -> ExitCodes.OK;
                        case FAILED -> ExitCodes.USAGE;
                        default -> ExitCodes.SERVER;
                    };
                }
            });
        }

        private static byte[] read(Path file) throws IOException {
            try {
                return Files.readAllBytes(file);
            } catch (NoSuchFileException e) {
                throw new ExitCodes.UserException("cannot read " + file + ": no such file");
            }
        }
    }

    /**
     * A connection for the batch commands. Files and batches belong to the token's own namespace (the server takes
     * it from the token, as the root router does), so a namespace option would be silently ignored: it is refused.
     */
    static ClientOptions.Connection connect(ClientOptions client) {
        if (client.namespace != null) {
            throw new ExitCodes.UserException("batches belong to the token's namespace; -n/--namespace does not apply"
                    + " (use a token of namespace " + client.namespace + ")");
        }
        return client.connect();
    }

    /**
     * The batch for people: its summary line on stdout and, for a refused file, each error on stderr as
     * {@code hearth: line 3: ...}; or the server's JSON.
     */
    static void report(CommandSpec spec, Batch b, boolean asJson) {
        Output out = new Output(spec);
        if (asJson) {
            out.json(b.raw());
        } else {
            out.line(b.id() + ": " + b.progress()
                    + (b.outputFileId() == null ? "" : " output " + b.outputFileId())
                    + (b.errorFileId() == null ? "" : " errors " + b.errorFileId()));
        }
        for (BatchError e : b.errors()) spec.commandLine().getErr().println("hearth: " + e);
        if (b.status() == BatchStatus.FAILED && b.errors().isEmpty()) {
            spec.commandLine().getErr().println("hearth: batch " + b.id() + " failed");
        }
        spec.commandLine().getErr().flush();
    }

    @Command(name = "status", mixinStandardHelpOptions = true, exitCodeOnInvalidInput = ExitCodes.USAGE,
            description = "Show a batch: its status, request counts, files, and the errors of a refused file.")
    static final class Status implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin ClientOptions client;
        @Parameters(paramLabel = "ID") String id;

        @Override
        public Integer call() {
            return ExitCodes.run(spec, () -> {
                try (var c = connect(client)) {
                    Batch b = c.root().batches().get(id);
                    if (client.json) {
                        report(spec, b, true);
                        return ExitCodes.OK;
                    }
                    Map<String, String> kv = new LinkedHashMap<>();
                    kv.put("id", b.id());
                    kv.put("status", b.status().wire());
                    kv.put("requests", b.requestCounts().total() + " (" + b.requestCounts().completed() + " completed, "
                            + b.requestCounts().failed() + " failed)");
                    kv.put("endpoint", b.endpoint());
                    kv.put("window", b.completionWindow());
                    kv.put("input", b.inputFileId());
                    kv.put("output", b.outputFileId());
                    kv.put("errors", b.errorFileId());
                    kv.put("metadata", b.metadata().isEmpty() ? null : b.metadata().toString());
                    kv.put("created", String.valueOf(b.createdAt()));
                    kv.put("expires", b.expiresAt() == null ? null : b.expiresAt().toString());
                    Output out = new Output(spec);
                    int w = kv.keySet().stream().mapToInt(String::length).max().orElse(0);
                    kv.forEach((k, v) -> out.writer().println(k + ":" + " ".repeat(w - k.length() + 1) + (v == null ? "-" : v)));
                    out.writer().flush();
                    for (BatchError e : b.errors()) spec.commandLine().getErr().println("hearth: " + e);
                    spec.commandLine().getErr().flush();
                }
                return ExitCodes.OK;
            });
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, exitCodeOnInvalidInput = ExitCodes.USAGE,
            description = "List the batches the token can see.")
    static final class ListBatches implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin ClientOptions client;

        @Override
        public Integer call() {
            return ExitCodes.run(spec, () -> {
                try (var c = connect(client)) {
                    var all = c.root().batches().list();
                    Output out = new Output(spec);
                    if (client.json) out.json(all.stream().map(Batch::raw).toList());
                    else out.table(java.util.List.of("ID", "STATUS", "DONE", "FAILED", "ENDPOINT", "CREATED"), all.stream()
                            .map(b -> java.util.Arrays.asList(b.id(), b.status().wire(),
                                    b.requestCounts().done() + "/" + b.requestCounts().total(),
                                    Integer.toString(b.requestCounts().failed()), b.endpoint(),
                                    b.createdAt() == null ? null : b.createdAt().toString()))
                            .toList());
                }
                return ExitCodes.OK;
            });
        }
    }

    @Command(name = "cancel", mixinStandardHelpOptions = true, exitCodeOnInvalidInput = ExitCodes.USAGE,
            description = "Cancel a batch; what finished is kept in its output file.")
    static final class Cancel implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin ClientOptions client;
        @Parameters(paramLabel = "ID") String id;

        @Override
        public Integer call() {
            return ExitCodes.run(spec, () -> {
                try (var c = connect(client)) {
                    report(spec, c.root().batches().cancel(id), client.json);
                }
                return ExitCodes.OK;
            });
        }
    }

    @Command(name = "results", mixinStandardHelpOptions = true, exitCodeOnInvalidInput = ExitCodes.USAGE,
            description = {"Print a finished batch's output file (OpenAI's JSONL lines: custom_id, response), or with "
                    + "--errors its error file.", "Exits 1 while the batch has no such file yet."})
    static final class Results implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin ClientOptions client;
        @Parameters(paramLabel = "ID") String id;

        @Option(names = "--errors", description = "The error file: the lines that failed.")
        boolean errors;

        @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write to FILE instead of stdout.")
        Path output;

        @Override
        public Integer call() {
            return ExitCodes.run(spec, () -> {
                try (var c = connect(client)) {
                    Batch b = c.root().batches().get(id);
                    String fileId = errors ? b.errorFileId() : b.outputFileId();
                    if (fileId == null) throw new ExitCodes.UserException(missing(b));
                    String text = c.root().files().content(fileId);
                    if (output != null) {
                        try {
                            Files.writeString(output, text, StandardCharsets.UTF_8);
                        } catch (IOException e) {
                            throw new ExitCodes.UserException("cannot write " + output + ": " + e.getMessage());
                        }
                        spec.commandLine().getErr().println(output + ": " + text.lines().count() + " lines");
                        spec.commandLine().getErr().flush();
                    } else {
                        var out = spec.commandLine().getOut();
                        out.print(text.endsWith("\n") || text.isEmpty() ? text : text + "\n");
                        out.flush();
                    }
                }
                return ExitCodes.OK;
            });
        }

        private String missing(Batch b) {
            if (!b.status().terminal()) {
                return "batch " + b.id() + " is " + b.progress() + " and has no results yet; wait for it: hearth batch status " + b.id();
            }
            if (errors) return "batch " + b.id() + " is " + b.status().wire() + " and has no error file: no request failed";
            return "batch " + b.id() + " is " + b.status().wire() + " and has no output file"
                    + (b.errorFileId() != null ? "; every request failed: hearth batch results " + b.id() + " --errors" : "");
        }
    }
}
