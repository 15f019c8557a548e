package dev.hearth.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hearth.gguf.GgmlType;
import dev.hearth.testkit.HfFolderWriter;
import dev.hearth.gguf.llama.LlamaModelFiles;
import dev.hearth.gguf.llama.LlamaSpec;
import dev.hearth.gguf.llama.Vocabulary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code hearth worker --model <Hugging Face folder>}: a safetensors llama model is converted to GGUF and served, and
 * it generates the same greedy tokens as the same weights written directly as GGUF.
 */
class SafetensorsWorkerTest {

    static final ObjectMapper JSON = new ObjectMapper();

    record Worker(Process process, int port, Path log) {}

    static Worker worker(Path dir, String name, String model) throws Exception {
        int port = WorkerProcessTest.freePort();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-Xss8m", "-cp", System.getProperty("java.class.path"),
                HearthCommand.class.getName(), "worker", "--model", model, "--port", Integer.toString(port),
                "--hostname", "127.0.0.1", "--threads", "2", "--max-total-tokens", "256", "--quantize", "f32"));
        Path log = dir.resolve(name + ".log");
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("HEARTH_HOME", dir.resolve("home").toString());
        return new Worker(pb.start(), port, log);
    }

    static List<Integer> greedyTokens(Worker worker, String prompt) throws Exception {
        int port = worker.port();
        // Generous: the converted worker first converts the folder, and both start at once on a 2-core CI machine.
        WorkerProcessTest.awaitHealthy(worker.process(), port, worker.log(), Duration.ofMinutes(3));
        HttpResponse<String> r = WorkerProcessTest.HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/generate"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"inputs\":" + JSON.writeValueAsString(prompt)
                        + ",\"parameters\":{\"max_new_tokens\":16,\"details\":true}}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        List<Integer> ids = new ArrayList<>();
        for (JsonNode t : JSON.readTree(r.body()).path("details").path("tokens")) ids.add(t.get("id").asInt());
        return ids;
    }

    @Test
    void aSafetensorsFolderIsConvertedAndGeneratesWhatItsGgufTwinGenerates(@TempDir Path dir) throws Exception {
        LlamaSpec spec = LlamaSpec.tiny();
        Vocabulary vocab = Vocabulary.english().paddedTo(spec.nVocab());
        Path hf = HfFolderWriter.write(spec, vocab, Files.createDirectories(dir.resolve("hf-model")), 1);
        Path gguf = LlamaModelFiles.writeGguf(spec, vocab, GgmlType.F32, dir.resolve("twin-f32.gguf"));

        Worker converted = worker(dir, "converted", hf.toString());
        Worker direct = worker(dir, "direct", gguf.toString());
        try {
            for (String prompt : List.of("the cat sat on the", "once upon a time")) {
                List<Integer> fromConverted = greedyTokens(converted, prompt);
                assertThat(fromConverted).hasSize(16).isEqualTo(greedyTokens(direct, prompt));
            }
            assertThat(Files.readString(dir.resolve("converted.log"))).contains("converting");
            try (var cached = Files.list(dir.resolve("home").resolve("gguf"))) {
                assertThat(cached.filter(p -> p.toString().endsWith(".gguf")).count()).isEqualTo(1);
            }
        } finally {
            for (Worker w : List.of(converted, direct)) {
                w.process().destroy();
                w.process().waitFor(20, TimeUnit.SECONDS);
            }
        }
    }
}
