import dev.hearth.gguf.GgmlType;
import dev.hearth.gguf.llama.LlamaModelFiles;
import dev.hearth.gguf.llama.LlamaSpec;
import dev.hearth.gguf.llama.Vocabulary;
import dev.hearth.worker.Worker;
import dev.hearth.worker.WorkerOptions;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * The prompt-cache benchmark (bench/run-prompt-cache.sh): time to first token of a cold ~1,500-token prompt and of
 * the follow-up turn that extends it, and a 10-turn chat's total time, on two workers in this JVM, one with the
 * prompt cache and one started with --no-prefix-cache, measured alternately in the same run. Prints ratios
 * off ÷ on (> 1: the cache is faster).
 */
public class PromptCacheBenchmark {

    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final String[] WORDS = ("the quick brown fox jumps over a lazy dog while old man walked to river and sat on "
            + "bank watch boats go by in morning light she said that we would meet again after rain").split(" ");

    public static void main(String[] args) throws Exception {
        int rounds = Integer.getInteger("rounds", 3);
        int threads = Integer.getInteger("threads", 2);
        int promptWords = Integer.getInteger("promptWords", 1500);
        int chatTurns = Integer.getInteger("chatTurns", 10);
        Path models = Path.of(System.getProperty("models", "bench/out/models"));
        Files.createDirectories(models);
        // The shape: hidden 1024, 12 layers, 32k vocabulary, Q4_0.
        LlamaSpec spec = new LlamaSpec(32000, 1024, 12, 16, 4, 2816, 4096, 1e-5, 10000.0, 42L);
        Path gguf = models.resolve("prompt-cache-1024x12-q4_0.gguf");
        if (!Files.exists(gguf)) {
            LlamaModelFiles.writeGguf(spec, Vocabulary.english().paddedTo(spec.nVocab()), GgmlType.Q4_0, gguf);
        }
        WorkerOptions d = WorkerOptions.defaults(gguf);
        WorkerOptions o = new WorkerOptions(gguf, Optional.of("bench"), "127.0.0.1", 0, Optional.of(4000), Optional.of(4096),
                16, 4, d.maxStopSequences(), d.maxBestOf(), d.maxTopNTokens(), d.maxClientBatchSize(), d.payloadLimit(),
                threads, d.prefillChunk(), Optional.empty(), Optional.empty());
        try (Worker on = Worker.start(o); Worker off = Worker.start(o.withPrefixCache(false))) {
            String[] base = {"http://127.0.0.1:" + on.port(), "http://127.0.0.1:" + off.port()};
            Random random = new Random(7);
            // Warm both (JIT, first-touch of the weights).
            for (String b : base) ttft(b, text(random, 200), 4);
            double[][] cold = new double[2][rounds], follow = new double[2][rounds], chat = new double[2][rounds];
            int promptTokens = 0;
            for (int r = 0; r < rounds; r++) {
                for (int k = 0; k < 2; k++) {
                    int w = (r + k) % 2; // alternate which goes first
                    String prompt = text(new Random(1000 + r), promptWords) + " r" + r + "w" + w;
                    Turn t1 = ttft(base[w], prompt, 16);
                    cold[w][r] = t1.seconds;
                    promptTokens = t1.inputLength;
                    Turn t2 = ttft(base[w], prompt + t1.text + " and " + text(new Random(2000 + r), 25), 16);
                    follow[w][r] = t2.seconds;
                    long started = System.nanoTime();
                    String conversation = text(new Random(3000 + r), 300) + " chat r" + r + "w" + w;
                    for (int turn = 0; turn < chatTurns; turn++) {
                        Turn t = ttft(base[w], conversation, 24);
                        conversation = conversation + t.text + " then " + text(new Random(4000 + turn), 20);
                    }
                    chat[w][r] = (System.nanoTime() - started) / 1e9;
                    System.err.printf("round %d %s: cold %.3f s, follow-up %.3f s, chat %.2f s%n", r, w == 0 ? "on " : "off",
                            cold[w][r], follow[w][r], chat[w][r]);
                }
            }
            System.out.printf("Prompt of %d tokens, follow-up +~30 tokens after a 16-token answer; %d-turn chat of 24-token answers; medians of %d rounds%n%n",
                    promptTokens, chatTurns, rounds);
            System.out.println("| measurement | cache on | cache off | off ÷ on |");
            System.out.println("|---|---|---|---|");
            row("time to first token, cold prompt (s)", cold);
            row("time to first token, follow-up turn (s)", follow);
            row(chatTurns + "-turn chat, total (s)", chat);
        }
    }

    static void row(String name, double[][] values) {
        double on = median(values[0]), off = median(values[1]);
        System.out.printf("| %s | %.3f | %.3f | %.2f× |%n", name, on, off, off / on);
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    static String text(Random random, int words) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < words; i++) b.append(i == 0 ? "" : " ").append(WORDS[random.nextInt(WORDS.length)]);
        return b.toString();
    }

    record Turn(double seconds, String text, int inputLength) {}

    /** Streams a greedy generation; the time until its first token, and its text. */
    static Turn ttft(String base, String inputs, int tokens) throws Exception {
        String body = "{\"inputs\":" + quote(inputs) + ",\"parameters\":{\"max_new_tokens\":" + tokens + ",\"details\":true}}";
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/generate_stream"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
        long started = System.nanoTime();
        HttpResponse<java.io.InputStream> response = HTTP.send(request, HttpResponse.BodyHandlers.ofInputStream());
        double first = -1;
        String last = null;
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            for (String line; (line = reader.readLine()) != null; ) {
                if (!line.startsWith("data:")) continue;
                if (first < 0) first = (System.nanoTime() - started) / 1e9;
                last = line.substring(5).strip();
            }
        }
        if (response.statusCode() != 200 || last == null) throw new IllegalStateException("HTTP " + response.statusCode() + ": " + last);
        var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(last);
        return new Turn(first, json.path("generated_text").asText(), json.path("details").path("input_length").asInt());
    }

    static String quote(String s) throws Exception {
        return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(s);
    }
}
