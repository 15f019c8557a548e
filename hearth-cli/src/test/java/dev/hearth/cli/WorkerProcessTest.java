package dev.hearth.cli;

import dev.hearth.gguf.GgmlType;
import dev.hearth.gguf.llama.LlamaModelFiles;
import dev.hearth.gguf.llama.LlamaSpec;
import dev.hearth.gguf.llama.Vocabulary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code hearth worker} as its own process, the way a user or the control plane starts it. */
class WorkerProcessTest {

    static final HttpClient HTTP = HttpClient.newHttpClient();

    static Process hearth(Path log, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-Xss8m",
                "-cp", System.getProperty("java.class.path"),
                HearthCommand.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /**
     * Waits until the worker answers {@code /health} with 200. A worker that exits first fails at once, and either
     * failure carries the end of the worker's log, so that a CI run says why instead of only "not within 2 minutes".
     */
    static void awaitHealthy(Process worker, int port, Path log, Duration atMost) throws Exception {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (System.nanoTime() < deadline) {
            if (!worker.isAlive()) {
                throw new AssertionError("worker on port " + port + " exited with " + worker.exitValue()
                        + " before it was healthy; its log ends:\n" + tail(log));
            }
            try {
                if (get("http://127.0.0.1:" + port + "/health").statusCode() == 200) return;
            } catch (IOException notListeningYet) {
                // still starting: it binds its port only once the model is loaded
            }
            Thread.sleep(200);
        }
        throw new AssertionError("worker on port " + port + " not healthy within " + atMost + "; its log ends:\n" + tail(log));
    }

    static String tail(Path log) throws IOException {
        if (!Files.exists(log)) return "(no log)";
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    static HttpResponse<String> get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aWorkerProcessServesTheModelAndStopsCleanlyOnSigterm(@TempDir Path dir) throws Exception {
        LlamaSpec spec = LlamaSpec.tiny();
        Path model = LlamaModelFiles.writeGguf(spec, Vocabulary.english().paddedTo(spec.nVocab()), GgmlType.Q8_0,
                dir.resolve("tiny.gguf"));
        int port = freePort();
        Path log = dir.resolve("worker.log");
        Process worker = hearth(log, "worker", "--model", model.toString(), "--port", Integer.toString(port),
                "--hostname", "127.0.0.1", "--threads", "2", "--max-total-tokens", "256");
        try {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).ignoreException(ConnectException.class)
                    .untilAsserted(() -> assertThat(get("http://127.0.0.1:" + port + "/health").statusCode()).isEqualTo(200));

            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/generate"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"inputs\":\"the cat\",\"parameters\":{\"max_new_tokens\":4}}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).startsWith("{\"generated_text\":");
            assertThat(get("http://127.0.0.1:" + port + "/info").body()).contains("\"model_id\":\"tiny.gguf\"", "\"max_total_tokens\":256");
        } finally {
            worker.destroy(); // SIGTERM: the shutdown hook stops the server and frees the model
            assertThat(worker.waitFor(20, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(Files.readString(log)).contains("serving tiny.gguf");
    }

    @Test
    void aMissingModelFailsWithOneClearLineAndExitCode1(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("worker.log");
        Process worker = hearth(log, "worker", "--model", dir.resolve("nope.gguf").toString(), "--port", Integer.toString(freePort()));
        assertThat(worker.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(worker.exitValue()).isEqualTo(1);
        assertThat(Files.readString(log, StandardCharsets.UTF_8)).contains("hearth: model path " + dir.resolve("nope.gguf") + " does not exist");
    }

    @Test
    void aFileThatIsNotGgufFailsClearly(@TempDir Path dir) throws Exception {
        Path junk = Files.writeString(dir.resolve("junk.gguf"), "not a model");
        Path log = dir.resolve("worker.log");
        Process worker = hearth(log, "worker", "--model", junk.toString(), "--port", Integer.toString(freePort()));
        assertThat(worker.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(worker.exitValue()).isEqualTo(1);
        assertThat(Files.readString(log)).contains("hearth: llama.cpp could not load");
    }

    @Test
    void helpListsTheCommands(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("help.log");
        Process p = hearth(log, "--help");
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        assertThat(Files.readString(log)).contains("worker", "up");
    }
}
