package dev.hearth.cli;

import dev.hearth.gguf.GgmlType;
import dev.hearth.gguf.llama.LlamaModelFiles;
import dev.hearth.gguf.llama.LlamaSpec;
import dev.hearth.gguf.llama.Vocabulary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ConnectException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The official {@code openai} and {@code @huggingface/inference} Node SDKs (pinned in clients/node-smoke) against a
 * real worker process: chat, completions, streaming, text generation with details, and TGI-shaped errors; and
 * {@code openai}'s Files and Batch APIs against a real control plane.
 */
class NodeSdkCompatibilityTest {

    static final Path SMOKE = Path.of(System.getProperty("user.dir")).resolveSibling("clients").resolve("node-smoke");

    static String run(Path dir, Duration timeout, List<String> command) throws Exception {
        Path log = Files.createTempFile("hearth-node", ".log");
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean done = p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS);
        if (!done) p.destroyForcibly();
        String out = Files.readString(log);
        assertThat(done).as("%s timed out:%n%s", command, out).isTrue();
        assertThat(p.exitValue()).as("%s failed:%n%s", command, out).isZero();
        return out;
    }

    static void installSdks() throws Exception {
        if (!Files.isDirectory(SMOKE.resolve("node_modules"))) {
            run(SMOKE, Duration.ofMinutes(5), List.of("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"));
        }
    }

    @Test
    void theOfficialNodeSdksEmbedThroughAnEmbeddingWorker(@TempDir Path dir) throws Exception {
        installSdks();
        int port = WorkerProcessTest.freePort();
        Process worker = WorkerProcessTest.hearth(dir.resolve("embed.log"), "worker", "--model",
                "sentence-transformers/all-MiniLM-L6-v2", "--port", Integer.toString(port), "--hostname", "127.0.0.1");
        try {
            await().atMost(Duration.ofSeconds(90)).ignoreException(ConnectException.class)
                    .until(() -> WorkerProcessTest.get("http://127.0.0.1:" + port + "/health").statusCode() == 200);
            String out = run(SMOKE, Duration.ofMinutes(2), List.of("node", "embed-smoke.mjs", "http://127.0.0.1:" + port));
            assertThat(out).contains("PASS openai embeddings.create (base64)", "PASS @huggingface/inference featureExtraction")
                    .doesNotContain("FAIL");
        } finally {
            worker.destroy();
            worker.waitFor(20, TimeUnit.SECONDS);
        }
    }

    @Test
    void theOfficialNodeSdksWorkAgainstAWorker(@TempDir Path dir) throws Exception {
        installSdks();
        LlamaSpec spec = LlamaSpec.tiny();
        Path model = LlamaModelFiles.writeGguf(spec, Vocabulary.withChatTokens().paddedTo(spec.nVocab()), GgmlType.Q8_0,
                dir.resolve("chat.gguf"), Map.of("tokenizer.chat_template", Vocabulary.CHATML_TEMPLATE));
        int port = WorkerProcessTest.freePort();
        Process worker = WorkerProcessTest.hearth(dir.resolve("worker.log"), "worker", "--model", model.toString(),
                "--port", Integer.toString(port), "--hostname", "127.0.0.1", "--threads", "2");
        try {
            await().atMost(Duration.ofSeconds(60)).ignoreException(ConnectException.class)
                    .until(() -> WorkerProcessTest.get("http://127.0.0.1:" + port + "/health").statusCode() == 200);
            String out = run(SMOKE, Duration.ofMinutes(3), List.of("node", "smoke.mjs", "http://127.0.0.1:" + port));
            assertThat(out).contains("PASS").doesNotContain("FAIL");
            String tools = run(SMOKE, Duration.ofMinutes(3), List.of("node", "tools-smoke.mjs", "http://127.0.0.1:" + port));
            assertThat(tools).contains("PASS tool_choice required gives a parseable call to one of the tools",
                    "PASS streamed deltas reassemble to the same call", "PASS response_format json_schema parses")
                    .doesNotContain("FAIL");
        } finally {
            worker.destroy();
            worker.waitFor(20, TimeUnit.SECONDS);
        }
    }

    @Test
    void theOpenAiNodeSdkReachesAManagedEndpointAndAConnectionThroughTheRootRouterByModelName(@TempDir Path home) throws Exception {
        installSdks();
        String key = "hf_remoteRouterKeyQ4T8";
        try (CliServer hearth = new CliServer(home)) {
            // The remote server: a second worker with its own key, as a TGI endpoint running elsewhere would be.
            int port = WorkerProcessTest.freePort();
            Process remote = WorkerProcessTest.hearth(home.resolve("remote.log"), "worker", "--model", hearth.model.toString(),
                    "--model-id", "remote/tiny-chat", "--port", Integer.toString(port), "--hostname", "127.0.0.1",
                    "--threads", "1", "--api-key", key, "--max-total-tokens", "256");
            try {
                String remoteUrl = "http://127.0.0.1:" + port;
                await().atMost(Duration.ofSeconds(60)).ignoreException(ConnectException.class)
                        .until(() -> WorkerProcessTest.get(remoteUrl + "/health").statusCode() == 200);
                Path cred = Files.writeString(home.resolve("cred.json"), """
                        {"api_key": "%s", "endpoint": "%s", "model_name": "remote/tiny-chat", "context_window": 256}"""
                        .formatted(key, remoteUrl));
                CliRun added = hearth.hearth("connections", "add", "--file", cred.toString());
                assertThat(added.code()).as(added.toString()).isZero();
                CliRun created = hearth.hearth("endpoints", "create", "demo", "--repository", hearth.model.toString(),
                        "--wait", "--timeout", "90s");
                assertThat(created.code()).as(created.toString()).isZero();

                String out = run(SMOKE, Duration.ofMinutes(3),
                        List.of("node", "router-smoke.mjs", hearth.url(), CliServer.ADMIN, "demo", "remote/tiny-chat"));
                assertThat(out).contains("ALL PASSED").doesNotContain("FAIL").doesNotContain(key);
            } finally {
                remote.destroy();
                remote.waitFor(20, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void theOpenAiNodeSdkUploadsABatchFileAndReadsEveryAnswerFromTheOutputFile(@TempDir Path home) throws Exception {
        installSdks();
        try (CliServer hearth = new CliServer(home)) {
            CliRun created = hearth.hearth("endpoints", "create", "demo", "--repository", hearth.model.toString(),
                    "--wait", "--timeout", "90s");
            assertThat(created.code()).as(created.toString()).isZero();
            String out = run(SMOKE, Duration.ofMinutes(4),
                    List.of("node", "batch-smoke.mjs", hearth.url(), CliServer.ADMIN, "demo", "6"));
            assertThat(out).contains("PASS files.create uploads the JSONL with purpose batch",
                            "PASS batches.retrieve follows it to completed",
                            "PASS files.content of the output answers every custom_id once", "ALL PASSED")
                    .doesNotContain("FAIL");
        }
    }
}
