package dev.hearth.cli;

import dev.hearth.hub.HubSettings;
import dev.hearth.server.HearthServer;
import dev.hearth.server.ServerOptions;
import dev.hearth.server.autoscale.Autoscaler;
import dev.hearth.server.reconcile.Reconciler;
import dev.hearth.gguf.GgmlType;
import dev.hearth.gguf.llama.LlamaModelFiles;
import dev.hearth.gguf.llama.LlamaSpec;
import dev.hearth.gguf.llama.Vocabulary;
import dev.hearth.worker.WorkerCommand;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A real control plane for the client commands' tests, in-process on a random port, with real worker processes
 * serving the testkit's tiny chat model, and the administrator namespace {@value #NAMESPACE}.
 */
final class CliServer implements AutoCloseable {

    static final String ADMIN = "cli-admin-token";
    static final String NAMESPACE = "cli";

    final HearthServer server;
    final Path model;

    CliServer(Path home) {
        LlamaSpec spec = LlamaSpec.tiny();
        model = LlamaModelFiles.writeGguf(spec, Vocabulary.withChatTokens().paddedTo(spec.nVocab()), GgmlType.Q8_0,
                home.resolve("tiny.gguf"), Map.of("tokenizer.chat_template", Vocabulary.CHATML_TEMPLATE));
        List<String> worker = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-Xmx256m", "-Xss8m", "-cp", System.getProperty("java.class.path"),
                WorkerCommand.class.getName());
        server = HearthServer.start(new ServerOptions(home, "127.0.0.1", 0, Optional.empty(), worker,
                Optional.of(ADMIN), NAMESPACE, HubSettings.forCache(home.resolve("hub")),
                new Reconciler.Settings(Duration.ofMillis(100), 3, Duration.ofMinutes(1), Duration.ofMillis(200),
                        Duration.ofSeconds(2), Duration.ofMinutes(2)),
                new Autoscaler.Settings(4.0, Duration.ofSeconds(2), Duration.ofSeconds(1), 600))
                // The "crashy" endpoint is a custom command, created with the administrator token.
                .withAllowCustomCommands(true));
    }

    String url() {
        return "http://127.0.0.1:" + server.port();
    }

    /** {@code hearth ARGS... --url URL --token ADMIN}. */
    CliRun hearth(String... args) {
        return CliRun.hearth(withServer(args));
    }

    CliRun hearthWithInput(String stdin, String... args) {
        return CliRun.hearthWithInput(stdin, withServer(args));
    }

    private String[] withServer(String... args) {
        String[] all = new String[args.length + 4];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--url";
        all[args.length + 1] = url();
        all[args.length + 2] = "--token";
        all[args.length + 3] = ADMIN;
        return all;
    }

    /** Replica processes of this namespace still running. */
    static List<ProcessHandle> replicas() {
        return ProcessHandle.allProcesses().filter(p -> {
            try {
                return Files.readString(Path.of("/proc", Long.toString(p.pid()), "environ"))
                        .contains("HEARTH_REPLICA_ID=" + NAMESPACE + ".");
            } catch (IOException | SecurityException e) {
                return false;
            }
        }).toList();
    }

    @Override
    public void close() {
        for (String name : List.of("demo", "slow", "crashy")) hearth("endpoints", "delete", name, "--yes");
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> replicas().isEmpty());
        server.close();
    }
}
