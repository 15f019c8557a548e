package dev.hearth.client;

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

import static org.awaitility.Awaitility.await;

/**
 * A real control plane for SDK tests: in-process on a random port, in its own home, spawning real worker processes
 * that serve the testkit's tiny chat model. One per test class; {@link #close()} deletes every endpoint, waits until
 * no replica of the namespace is left, and stops the server.
 */
public final class TestHearth implements AutoCloseable {

    public static final String ADMIN = "admin-token";

    private final HearthServer server;
    private final Path model;
    private final String namespace;
    private final InferenceEndpoints api;

    private TestHearth(HearthServer server, Path model, String namespace) {
        this.server = server;
        this.model = model;
        this.namespace = namespace;
        this.api = InferenceEndpoints.connect(url(), ADMIN);
    }

    /** Starts a server whose administrator namespace (what whoami answers) is {@code namespace}. */
    public static TestHearth start(Path home, String namespace) {
        Path model = writeModel(home);
        ServerOptions options = new ServerOptions(home, "127.0.0.1", 0, Optional.empty(), workerCommand(),
                Optional.of(ADMIN), namespace, HubSettings.forCache(home.resolve("hub")),
                // Fast reconciling and back-off; a one-second "minute" for scale-to-zero.
                new Reconciler.Settings(Duration.ofMillis(100), 3, Duration.ofMinutes(1), Duration.ofMillis(200),
                        Duration.ofSeconds(2), Duration.ofMinutes(2)),
                new Autoscaler.Settings(4.0, Duration.ofSeconds(2), Duration.ofSeconds(1), 15))
                // The lifecycle tests use custom commands for replicas that crash; the client is an administrator.
                .withAllowCustomCommands(true);
        return new TestHearth(HearthServer.start(options), model, namespace);
    }

    public String url() {
        return "http://127.0.0.1:" + server.port();
    }

    public Path model() {
        return model;
    }

    public String namespace() {
        return namespace;
    }

    /** An administrator client of this server. */
    public InferenceEndpoints api() {
        return api;
    }

    /** Creates an endpoint for the tiny model and waits until it serves. */
    public InferenceEndpoint running(String name, int minReplica, int maxReplica) {
        return api.create(CreateEndpointRequest.builder(name, model.toString())
                        .minReplica(minReplica).maxReplica(maxReplica).build())
                .waitUntilRunning(Duration.ofSeconds(90), Duration.ofMillis(100));
    }

    /** Worker processes serving this namespace's endpoint {@code name}, or all of its endpoints for {@code ""}. */
    public List<ProcessHandle> replicas(String name) {
        String label = "HEARTH_REPLICA_ID=" + namespace + "." + (name.isEmpty() ? "" : name + ".");
        return ProcessHandle.allProcesses().filter(p -> {
            try {
                return Files.readString(Path.of("/proc", Long.toString(p.pid()), "environ")).contains(label);
            } catch (IOException | SecurityException e) {
                return false;
            }
        }).toList();
    }

    static List<String> workerCommand() {
        return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-Xmx256m", "-Xss8m", "-cp", System.getProperty("java.class.path"),
                WorkerCommand.class.getName());
    }

    static Path writeModel(Path dir) {
        LlamaSpec spec = LlamaSpec.tiny();
        return LlamaModelFiles.writeGguf(spec, Vocabulary.withChatTokens().paddedTo(spec.nVocab()), GgmlType.Q8_0,
                dir.resolve("tiny.gguf"), Map.of("tokenizer.chat_template", Vocabulary.CHATML_TEMPLATE));
    }

    @Override
    public void close() {
        try {
            for (InferenceEndpoint e : api.list()) e.delete();
            await().atMost(Duration.ofSeconds(30)).until(() -> replicas("").isEmpty());
        } finally {
            api.close();
            server.close();
        }
    }
}
