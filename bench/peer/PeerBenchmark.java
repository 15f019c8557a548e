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
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The side-by-side benchmark's client (bench/run-peer.sh starts the servers): the same streaming OpenAI
 * /v1/completions client against Hearth's worker and llama.cpp's llama-server, runs alternating between them.
 * Arguments: hearthUrl hearthPid peerUrl peerPid. Prints ratios Hearth ÷ llama-server, > 1 better for Hearth.
 */
public class PeerBenchmark {

    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final String[] WORDS = ("the quick brown fox jumps over a lazy dog while old man walked to river and sat on "
            + "bank watch boats go by in morning light she said that we would meet again after rain").split(" ");

    record Server(String name, String url, long pid) {}

    record Stream(double firstSeconds, double endSeconds, int chunks, String text) {}

    public static void main(String[] args) throws Exception {
        if (args[0].equals("--write-model")) {
            // The shape: hidden 1024, 12 layers, 32k vocabulary, Q4_0, random weights.
            var spec = new dev.hearth.gguf.llama.LlamaSpec(32000, 1024, 12, 16, 4, 2816, 4096, 1e-5, 10000.0, 42L);
            dev.hearth.gguf.llama.LlamaModelFiles.writeGguf(spec,
                    dev.hearth.gguf.llama.Vocabulary.english().paddedTo(spec.nVocab()), dev.hearth.gguf.GgmlType.Q4_0, Path.of(args[1]));
            return;
        }
        Server hearth = new Server("Hearth", args[0], Long.parseLong(args[1]));
        Server peer = new Server("llama-server", args[2], Long.parseLong(args[3]));
        int rounds = Integer.getInteger("rounds", 3);
        int tokens = Integer.getInteger("tokens", 64);
        int promptWords = Integer.getInteger("promptWords", 1500);
        int chatTurns = Integer.getInteger("chatTurns", 10);
        int[] streams = Arrays.stream(System.getProperty("streams", "1,2,4,8").split(",")).mapToInt(Integer::parseInt).toArray();
        Server[] servers = {hearth, peer};
        for (Server s : servers) complete(s, text(new Random(1), 50), 4, 0); // warm-up

        List<String> names = new ArrayList<>();
        List<double[][]> values = new ArrayList<>(); // [server][round]
        List<Boolean> higherIsBetter = new ArrayList<>();
        for (int n : streams) { names.add("decode tok/s, " + n + " stream" + (n > 1 ? "s" : "")); values.add(new double[2][rounds]); higherIsBetter.add(true); }
        names.add("time to first token, cold prompt (s)"); values.add(new double[2][rounds]); higherIsBetter.add(false);
        names.add("time to first token, follow-up turn (s)"); values.add(new double[2][rounds]); higherIsBetter.add(false);
        names.add(chatTurns + "-turn chat, total (s)"); values.add(new double[2][rounds]); higherIsBetter.add(false);
        int promptTokensSeen = 0;
        for (int r = 0; r < rounds; r++) {
            for (int k = 0; k < 2; k++) {
                int w = (r + k) % 2; // alternate which server goes first
                Server s = servers[w];
                int row = 0;
                for (int n : streams) values.get(row++)[w][r] = decodeRate(s, n, tokens, r);
                String prompt = text(new Random(100 + r), promptWords) + " round " + r + " " + s.name;
                Stream cold = complete(s, prompt, 16, 0);
                values.get(row++)[w][r] = cold.firstSeconds;
                Stream follow = complete(s, prompt + cold.text + " and " + text(new Random(200 + r), 25), 16, 0);
                values.get(row++)[w][r] = follow.firstSeconds;
                long started = System.nanoTime();
                String conversation = text(new Random(300 + r), 300) + " chat " + r + " " + s.name;
                for (int t = 0; t < chatTurns; t++) {
                    conversation = conversation + complete(s, conversation, 24, 0).text + " then " + text(new Random(400 + t), 20);
                }
                values.get(row)[w][r] = (System.nanoTime() - started) / 1e9;
                System.err.printf("round %d %s done%n", r, s.name);
            }
        }
        System.out.printf("Medians of %d alternating rounds; ~%d-word cold prompt; %d tokens per stream%n%n", rounds, promptWords, tokens);
        System.out.println("| measurement | Hearth | llama-server | Hearth ÷ llama-server (> 1 better for Hearth) |");
        System.out.println("|---|---|---|---|");
        for (int i = 0; i < names.size(); i++) {
            double h = median(values.get(i)[0]), p = median(values.get(i)[1]);
            double ratio = higherIsBetter.get(i) ? h / p : p / h;
            System.out.printf("| %s | %.3f | %.3f | %.2f |%n", names.get(i), h, p, ratio);
        }
        for (Server s : servers) {
            System.out.printf("%n%s: RSS %s, CPU variant %s", s.name, rss(s.pid), variant(s.pid));
        }
        System.out.println();
    }

    /** Aggregate tokens/s of n concurrent streams: all chunks over the span from the first first-token to the last end. */
    static double decodeRate(Server s, int n, int tokens, int round) throws Exception {
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Stream>> futures = new ArrayList<>();
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                String prompt = "stream " + i + " round " + round + " " + text(new Random(i * 31L + round), 20);
                futures.add(pool.submit(() -> complete(s, prompt, tokens, t0)));
            }
            double first = Double.MAX_VALUE, end = 0;
            int chunks = 0;
            for (Future<Stream> f : futures) {
                Stream st = f.get();
                first = Math.min(first, st.firstSeconds);
                end = Math.max(end, st.endSeconds);
                chunks += st.chunks - 1; // tokens after each stream's first
            }
            return chunks / (end - first);
        }
    }

    /** One streaming greedy completion; times are seconds since {@code t0} (or since the request when 0). */
    static Stream complete(Server s, String prompt, int maxTokens, long t0) throws Exception {
        String body = "{\"prompt\":" + quote(prompt) + ",\"max_tokens\":" + maxTokens
                + ",\"temperature\":0,\"stream\":true}";
        HttpRequest request = HttpRequest.newBuilder(URI.create(s.url + "/v1/completions"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
        long started = t0 == 0 ? System.nanoTime() : t0;
        HttpResponse<java.io.InputStream> response = HTTP.send(request, HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() != 200) throw new IllegalStateException(s.name + ": HTTP " + response.statusCode()
                + " " + new String(response.body().readAllBytes(), StandardCharsets.UTF_8));
        double first = -1;
        int chunks = 0;
        StringBuilder text = new StringBuilder();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            for (String line; (line = reader.readLine()) != null; ) {
                if (!line.startsWith("data:")) continue;
                String data = line.substring(5).strip();
                if (data.equals("[DONE]")) break;
                var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(data);
                var choice = json.path("choices").path(0);
                if (choice.isMissingNode()) continue; // a usage-only chunk
                if (first < 0) first = (System.nanoTime() - started) / 1e9;
                chunks++;
                text.append(choice.path("text").asText());
            }
        }
        return new Stream(first, (System.nanoTime() - started) / 1e9, chunks, text.toString());
    }

    static String rss(long pid) {
        try {
            return Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream().filter(l -> l.startsWith("VmRSS:"))
                    .map(l -> l.substring(6).strip()).findFirst().orElse("?");
        } catch (Exception e) {
            return "?";
        }
    }

    static String variant(long pid) {
        try {
            return Files.readAllLines(Path.of("/proc/" + pid + "/maps")).stream().filter(l -> l.contains("libggml-cpu"))
                    .map(l -> l.substring(l.lastIndexOf('/') + 1)).distinct().reduce((a, b) -> a + ", " + b).orElse("?");
        } catch (Exception e) {
            return "?";
        }
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

    static String quote(String s) throws Exception {
        return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(s);
    }
}
