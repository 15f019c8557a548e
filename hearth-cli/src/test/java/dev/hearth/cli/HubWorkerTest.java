package dev.hearth.cli;

import dev.hearth.hub.LocalHub;
import dev.hearth.gguf.GgmlType;
import dev.hearth.gguf.llama.LlamaModelFiles;
import dev.hearth.gguf.llama.LlamaSpec;
import dev.hearth.gguf.llama.Vocabulary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code hearth worker --model org/name}: a Hub repository is downloaded into the Hugging Face cache (only the GGUF
 * file the preference order picks) and served. The Hub is a fake one of the test's, named by HF_ENDPOINT.
 */
class HubWorkerTest {

    static final String COMMIT = "89abcdef0123456789abcdef0123456789abcdef";

    @Test
    void aHubRepositoryIsDownloadedIntoTheCacheAndServed(@TempDir Path dir) throws Exception {
        LlamaSpec spec = LlamaSpec.tiny();
        byte[] q8 = Files.readAllBytes(LlamaModelFiles.writeGguf(spec, Vocabulary.english().paddedTo(spec.nVocab()),
                GgmlType.Q8_0, dir.resolve("tiny-q8_0.gguf")));
        LocalHub hub = new LocalHub().repo("acme/tiny", COMMIT, Map.of("README.md", "# tiny".getBytes(StandardCharsets.UTF_8),
                "tiny-f32.gguf", new byte[]{1, 2, 3}, "tiny-q8_0.gguf", q8));
        Path hfHome = dir.resolve("hf");
        int port = WorkerProcessTest.freePort();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-Xss8m", "-cp", System.getProperty("java.class.path"),
                HearthCommand.class.getName(), "worker", "--model", "acme/tiny", "--port", Integer.toString(port),
                "--hostname", "127.0.0.1", "--threads", "2", "--max-total-tokens", "256"));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve("worker.log").toFile());
        pb.environment().putAll(Map.of("HF_ENDPOINT", hub.endpoint(), "HF_HOME", hfHome.toString()));
        pb.environment().remove("HF_HUB_CACHE");
        pb.environment().remove("HF_TOKEN");
        Process worker = pb.start();
        try {
            await().atMost(Duration.ofSeconds(60)).ignoreException(ConnectException.class)
                    .until(() -> WorkerProcessTest.get("http://127.0.0.1:" + port + "/health").statusCode() == 200);
            assertThat(WorkerProcessTest.get("http://127.0.0.1:" + port + "/info").body()).contains("\"model_id\":\"acme/tiny\"");
            Path snapshot = hfHome.resolve("hub/models--acme--tiny/snapshots/" + COMMIT);
            assertThat(Files.readAllBytes(snapshot.resolve("tiny-q8_0.gguf"))).isEqualTo(q8);
            assertThat(snapshot.resolve("tiny-f32.gguf")).doesNotExist();
            assertThat(Files.readString(hfHome.resolve("hub/models--acme--tiny/refs/main")).strip()).isEqualTo(COMMIT);
            assertThat(hub.requests()).noneMatch(r -> r.contains("tiny-f32.gguf") || r.contains("README.md"));
            assertThat(Files.readString(dir.resolve("worker.log"))).contains("downloading tiny-q8_0.gguf");
        } finally {
            worker.destroy();
            worker.waitFor(20, TimeUnit.SECONDS);
            hub.close();
        }
    }

}
