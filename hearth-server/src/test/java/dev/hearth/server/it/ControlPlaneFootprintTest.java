package dev.hearth.server.it;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The control plane never loads a model runtime: it decides what kind of model an endpoint names and where it is
 * without ONNX Runtime, the tokenizers natives, llama.cpp or the converter, which run only in replicas. Checked on a
 * server process's own class-loading log while it creates and serves an embedding and a generation endpoint.
 */
class ControlPlaneFootprintTest {

    @TempDir Path home;
    Process server;

    @AfterEach
    void cleanUp() {
        if (server != null) server.destroyForcibly();
        ControlPlane.replicaProcesses("alice.").forEach(ProcessHandle::destroyForcibly);
    }

    @Test
    void theServerLoadsNoEmbeddingRuntimeNoEngineAndNoConverterWhileItServesBothKindsOfEndpoint() throws Exception {
        int port = CrashRecoveryTest.freePort();
        Path model = ControlPlane.model(home);
        Path classes = home.resolve("classes.log");
        server = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-Xss8m", "-Xlog:class+load=info:file=" + classes,
                "-cp", System.getProperty("java.class.path"), ServerProcess.class.getName(), home.toString(),
                Integer.toString(port)).redirectErrorStream(true).redirectOutput(home.resolve("server.log").toFile()).start();
        ControlPlane.Client api = new ControlPlane.Client("http://127.0.0.1:" + port, ControlPlane.ADMIN);
        await().atMost(Duration.ofSeconds(60)).ignoreException(java.io.UncheckedIOException.class)
                .until(() -> api.get("/health").status() == 200);

        assertThat(api.post("/v2/endpoint/alice", ControlPlane.createBody("words", model, 1, 1, "public")).status()).isEqualTo(202);
        assertThat(api.post("/v2/endpoint/alice", """
                {"name":"vectors","type":"public","provider":{"vendor":"hearth","region":"local"},
                 "compute":{"accelerator":"cpu","instanceType":"cpu","instanceSize":"x1","scaling":{"minReplica":1,"maxReplica":1}},
                 "model":{"repository":"sentence-transformers/all-MiniLM-L6-v2","framework":"pytorch"}}""").status())
                .as("an embedding model is recognised without a task").isEqualTo(202);
        String words = EndpointLifecycleTestSupport.waitUntilRunning(api, "words");
        String vectors = EndpointLifecycleTestSupport.waitUntilRunning(api, "vectors");
        assertThat(api.post(words + "/generate", "{\"inputs\":\"Hello\",\"parameters\":{\"max_new_tokens\":2}}").status()).isEqualTo(200);
        assertThat(api.post(vectors + "/embed", "{\"inputs\":\"Hello\"}").json().get(0)).hasSize(384);

        List<String> loaded = loadedClasses(classes);
        assertThat(loaded).as("the log really lists the server's classes").anyMatch(c -> c.startsWith("dev.hearth.server.HearthServer"));
        assertThat(loaded).noneMatch(c -> c.startsWith("ai.onnxruntime.") || c.startsWith("ai.djl.")
                || c.startsWith("dev.hearth.embed.") || c.startsWith("dev.hearth.engine.") || c.startsWith("dev.hearth.convert."));
    }

    /** Class names from {@code -Xlog:class+load} lines: {@code [...][info][class,load] NAME source: ...}. */
    private static List<String> loadedClasses(Path log) throws IOException {
        return Files.readAllLines(log).stream().filter(l -> l.contains("[class,load]"))
                .map(l -> l.substring(l.indexOf("[class,load]") + "[class,load]".length()).strip())
                .map(l -> l.split(" ", 2)[0]).toList();
    }
}
